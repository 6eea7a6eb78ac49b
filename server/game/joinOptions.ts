import { ServerError } from "@colyseus/core";
import { JOIN_ERROR, JoinOptions, NAME_MAX_CHARS, cleanName, isValidName } from "../../shared/protocol.js";

export interface JoinAuth {
  name: string;
}

/** Validates join options; a bad value refuses the join with a numbered, named error. */
export function parseJoinOptions(raw: unknown, fallbackNumber: number): JoinAuth {
  const parsed = JoinOptions.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, `INVALID_OPTIONS: ${issue?.path.join(".") || "options"}: ${issue?.message}`);
  }
  const name = parsed.data.name === undefined ? "" : cleanName(parsed.data.name);
  if (name === "") return { name: `Player ${fallbackNumber}` };
  if (!isValidName(name)) {
    throw new ServerError(JOIN_ERROR.INVALID_NAME, `INVALID_NAME: a name is 1 to ${NAME_MAX_CHARS} characters.`);
  }
  return { name };
}
