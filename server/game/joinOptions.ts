import { ServerError } from "@colyseus/core";
import { JOIN_ERROR, JoinOptions, NAME_MAX_CHARS, cleanName, isValidName } from "../../shared/protocol.js";

export interface JoinAuth {
  /** The cleaned name, or null when none was given (the room then generates one). */
  name: string | null;
  private: boolean;
}

/** Validates join options; a bad value refuses the join with a numbered, named error. */
export function parseJoinOptions(raw: unknown): JoinAuth {
  const parsed = JoinOptions.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, `INVALID_OPTIONS: ${issue?.path.join(".") || "options"}: ${issue?.message}`);
  }
  const isPrivate = parsed.data.private === true;
  const name = parsed.data.name === undefined ? "" : cleanName(parsed.data.name);
  if (name === "") return { name: null, private: isPrivate };
  if (!isValidName(name)) {
    throw new ServerError(JOIN_ERROR.INVALID_NAME, `INVALID_NAME: a name is 1 to ${NAME_MAX_CHARS} characters.`);
  }
  return { name, private: isPrivate };
}
