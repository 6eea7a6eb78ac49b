/**
 * Raw matchmaking requests from a chosen loopback address (any of 127.0.0.0/8 reaches a server on
 * 127.0.0.1), so a test can play several client addresses. The server derives the address from the
 * socket (TRUST_PROXY_HOPS=0), as it does for real clients.
 */
import { request, Agent } from "node:http";
import { Client, type Room } from "@colyseus/sdk";
import { ArenaState } from "../../shared/schema/state.js";

export interface MatchmakeReply {
  status: number;
  body: { roomId?: string; sessionId?: string; processId?: string; publicAddress?: string; name?: string; code?: number; error?: string };
}

const agents = new Map<string, Agent>();
/** One kept-alive connection pool per source address. */
function agentFor(from: string): Agent {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 32, localAddress: from } as ConstructorParameters<typeof Agent>[0]);
    agents.set(from, agent);
  }
  return agent;
}

/** Closes the kept-alive connections of every source address. */
export function closeMatchmakeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** POST /matchmake/<method>/<roomName> from `from`; resolves with the status and the JSON body. */
export function matchmakeFrom(httpUrl: string, from: string, method: string, roomName: string, options: object = {}, timeoutMs = 10_000): Promise<MatchmakeReply> {
  const url = new URL(`/matchmake/${method}/${roomName}`, httpUrl);
  const payload = JSON.stringify(options);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent: agentFor(from), headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }, timeout: timeoutMs },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: text === "" ? {} : (JSON.parse(text) as MatchmakeReply["body"]) });
          } catch (err) {
            reject(new Error(`unreadable reply ${res.statusCode}: ${text.slice(0, 200)} (${String(err)})`));
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/** Joins with a reservation obtained by matchmakeFrom (the WebSocket from the default address). */
export async function takeSeat(wsUrl: string, reply: MatchmakeReply): Promise<Room<unknown, ArenaState>> {
  if (reply.status !== 200) throw new Error(`no seat: ${reply.status} ${JSON.stringify(reply.body)}`);
  return new Client(wsUrl).consumeSeatReservation(reply.body as Parameters<Client["consumeSeatReservation"]>[0], ArenaState);
}
