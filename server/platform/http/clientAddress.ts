import { isIP } from "node:net";

/**
 * The client's address, derived once per connection and used for every per-address limit.
 *
 * - The socket's remote address, unless `trustProxyHops` > 0: then the Nth address from the right
 *   of `X-Forwarded-For` (each trusted proxy appends the address it received the connection from).
 *   With fewer entries than hops, the leftmost one (what the outermost proxy saw).
 * - IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4; any other IPv6 address becomes its /64
 *   network (`2001:db8:1:2::/64`), since one subscriber holds a whole /64.
 * - An entry that is not an address (a misconfigured proxy) falls back to the socket's address.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxyHops: number): string {
  const socket = normaliseAddress(remoteAddress ?? "") ?? "unknown";
  if (trustProxyHops <= 0 || forwardedFor === undefined) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (hops.length === 0) return socket;
  const chosen = hops[Math.max(0, hops.length - trustProxyHops)]!;
  return normaliseAddress(stripPort(chosen)) ?? socket;
}

/** IPv4 as is; IPv4-mapped IPv6 as IPv4; other IPv6 as its /64 network; anything else undefined. */
export function normaliseAddress(address: string): string | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  return `${expandIpv6(bare).slice(0, 4).join(":")}::/64`;
}

/** `1.2.3.4:5678` → `1.2.3.4`, `[::1]:80` → `::1` (some proxies append the port). */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/** Eight groups of an IPv6 address, without leading zeros; an embedded IPv4 tail becomes two groups. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase().split("%")[0]!;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, undefined];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
