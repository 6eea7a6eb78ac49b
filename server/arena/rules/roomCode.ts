import { randomInt } from "node:crypto";
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from "../../../shared/protocol.js";

/** A short, human-readable room code, e.g. "K7QM3P". Used as the room's id. */
export function generateRoomCode(): string {
  let code = "";
  for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

/** A room code for which `isTaken` says no (codes are random; a clash is rare but checked). */
export async function uniqueRoomCode(isTaken: (code: string) => boolean | Promise<boolean>): Promise<string> {
  for (;;) {
    const code = generateRoomCode();
    if (!(await isTaken(code))) return code;
  }
}
