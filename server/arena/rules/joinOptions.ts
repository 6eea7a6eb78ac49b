import { ServerError } from "@colyseus/core";
import { JOIN_ERROR, JoinOptions, NAME_MAX_CHARS, cleanName, isValidName } from "../../../shared/protocol.js";
import { isReservedName } from "../../../shared/names.js";

export interface JoinAuth {
  /** The cleaned name, or null when none was given (the room then generates one). */
  name: string | null;
  private: boolean;
}

/** What the arena keeps of a join: the checked options and the client address (chat limits key on it). */
export interface ArenaAuth extends JoinAuth {
  /** The client's address as Colyseus' AuthContext reports it; "unknown" when it has none. */
  address: string;
}

/** Validates join options; a bad value refuses the join with a numbered, named error. */
export function parseJoinOptions(raw: unknown): JoinAuth {
  const parsed = JoinOptions.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, `INVALID_OPTIONS: ${issue?.path.join(".") || "options"}: ${issue?.message}`);
  }
  const isPrivate = parsed.data.private === true;
  const given = parsed.data.name ?? "";
  if (given.trim() === "") return { name: null, private: isPrivate };
  const name = cleanName(given);
  if (!isValidName(name)) {
    throw new ServerError(JOIN_ERROR.INVALID_NAME, `INVALID_NAME: a name is 1 to ${NAME_MAX_CHARS} characters, and must show on screen.`);
  }
  if (isReservedName(name)) {
    throw new ServerError(JOIN_ERROR.NAME_RESERVED, `NAME_RESERVED: “${name}” is reserved (or looks like a reserved name); choose another.`);
  }
  return { name, private: isPrivate };
}
