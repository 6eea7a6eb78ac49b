import { schema } from "@colyseus/schema";
import { moveInputFields, type MoveInput } from "../../shared/schema/state.js";

/**
 * The input type the arena registers with `defineInput`: MoveInput's fields (same wire format, so
 * clients send MoveInput unchanged) with a cheap `clone`. Colyseus decodes every input frame into
 * one reused instance, then buffers `instance.clone()`: for a schema that is a full instance with its
 * own change tree, whose fields are written through change-tracking setters (≈ 20 % of server CPU
 * per client-tick at 400 players in `npm run bench`, with the garbage it leaves). The tick only reads
 * dx, dy and dash of a buffered input, so the copy is a plain object.
 *
 * A standalone schema rather than a subclass of MoveInput: clients rebuild the input type from the
 * server's reflection on every join, and an inherited type is kept in a global registry of the
 * schema library each time (≈ 9 KB per join that is never freed, found by test/churn.test.ts).
 */
export const BufferedMoveInput = schema(
  {
    ...moveInputFields(),
    clone(): MoveInput {
      return { dx: this.dx, dy: this.dy, dash: this.dash } as MoveInput;
    },
  },
  "BufferedMoveInput",
);
