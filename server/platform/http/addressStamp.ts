import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import { beforeTransportUpgrade } from "../colyseus/httpListeners.js";
import { clientAddress } from "./clientAddress.js";

/** Colyseus' `createAuthContext` takes `ip` from this header first (then X-Forwarded-For, X-Client-IP, the socket). */
export const ADDRESS_HEADER = "x-real-ip";
const CLIENT_SUPPLIED = ["x-forwarded-for", "x-client-ip"] as const;
/** Proves to `beforeUpgrade` that the stamp ran for this upgrade (its value is random per process). */
const STAMP_HEADER = "x-orb-address-stamp";

export interface AddressStamp {
  /** Derives the client's address and writes it where Colyseus reads `AuthContext.ip` (`proof`: for an upgrade). */
  stamp(req: IncomingMessage, proof?: boolean): string;
  /** The stamped address of an upgrade (and removes the proof), or undefined when the stamp did not run. */
  take(headers: Headers): string | undefined;
}

/**
 * Makes Colyseus' `AuthContext.ip` the address `clientAddress()` derives: X-Real-IP is overwritten,
 * X-Forwarded-For and X-Client-IP are removed from the request before Colyseus builds its context.
 */
export function createAddressStamp(trustProxyHops: number): AddressStamp {
  const proof = randomBytes(16).toString("hex");
  return {
    stamp(req, withProof = false) {
      const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxyHops);
      for (const name of CLIENT_SUPPLIED) delete req.headers[name];
      req.headers[ADDRESS_HEADER] = address;
      if (withProof) req.headers[STAMP_HEADER] = proof;
      else delete req.headers[STAMP_HEADER];
      return address;
    },
    take(headers) {
      const stamped = headers.get(STAMP_HEADER) === proof;
      headers.delete(STAMP_HEADER);
      return stamped ? (headers.get(ADDRESS_HEADER) ?? undefined) : undefined;
    },
  };
}

/** Stamps every WebSocket upgrade before the transport's own `upgrade` listener builds its context. */
export function stampUpgrades(server: HttpServer, stamp: AddressStamp): void {
  beforeTransportUpgrade(server, (req: IncomingMessage) => void stamp.stamp(req, true));
}
