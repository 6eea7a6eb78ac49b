/**
 * The key a client address is limited under. A missing address is one shared key ("unknown"),
 * never "no limit". IPv4-mapped IPv6 addresses count as their IPv4 address; other IPv6 addresses
 * count by their /64 network, the block one subscriber usually gets (and can rotate through).
 */
export const UNKNOWN_ADDRESS = "unknown";

export function addressKey(ip: string | undefined | null): string {
  if (typeof ip !== "string") return UNKNOWN_ADDRESS;
  let address = ip.trim().toLowerCase();
  if (address === "") return UNKNOWN_ADDRESS;
  if (address.startsWith("[") && address.includes("]")) address = address.slice(1, address.indexOf("]"));
  const zone = address.indexOf("%");
  if (zone !== -1) address = address.slice(0, zone);
  const mapped = /^(?:(?:0{1,4}:){5}|::)ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address (hex, no leading zeros), or undefined if it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}
