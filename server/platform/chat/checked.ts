import type { Client, MessageContext } from "@colyseus/core";
import { ERROR_CODE, SERVER_MESSAGE, type ProtocolError } from "../../../shared/protocol.js";

/** Minimal Standard Schema surface (zod, valibot, arktype all provide it). */
interface StandardSchema<T> {
  readonly "~standard": {
    validate(value: unknown): { value: T; issues?: undefined } | { issues: ReadonlyArray<{ message: string }> } | Promise<unknown>;
  };
}

/**
 * Validates a message at the edge, like Colyseus' `validate()`, but answers a bad payload with
 * our structured `{ code, message }` instead: `validate()` replies a generic ERROR to requests
 * and disconnects the sender of a plain `send()`. A refusal goes back as the request's rejection
 * reason, or as an `error` message when the client did not ask for a reply.
 */
export function checked<T, R>(
  format: StandardSchema<T>,
  handler: (client: Client, message: T, ctx: MessageContext) => R,
  onInvalid: (client: Client, type: string) => void,
  type: string,
) {
  return (client: Client, message: unknown, ctx: MessageContext): R | undefined => {
    const result = format["~standard"].validate(message);
    if (result instanceof Promise || ("issues" in result && result.issues)) {
      const issue = result instanceof Promise ? "async validation is not supported" : result.issues[0]?.message;
      refuse(client, ctx, { code: ERROR_CODE.INVALID_PAYLOAD, message: `Invalid ${type} payload: ${issue ?? "bad shape"}` }, type);
      onInvalid(client, type);
      return undefined;
    }
    return handler(client, (result as { value: T }).value, ctx);
  };
}

/** Refuses a message: rejects the request, or sends an `error` message for a plain send. */
export function refuse(client: Client, ctx: MessageContext, error: ProtocolError, type: string) {
  if (ctx.id === undefined) {
    client.send(SERVER_MESSAGE.ERROR, { ...error, type });
    return undefined;
  }
  return ctx.reject(error);
}
