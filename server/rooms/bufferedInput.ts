import { MoveInput } from "../../shared/schema/state.js";

/**
 * The input type the arena registers with `defineInput`. Colyseus decodes every input frame into
 * one reused instance, then buffers `instance.clone()`: for a schema that is a full instance with its
 * own change tree, whose fields are written through change-tracking setters (≈ 1/5 of server CPU
 * with the garbage it leaves, `npm run bench -- --profile` at 900 players). The buffered copy is
 * only read (dx, dy) by the tick, so it is a plain two-field object instead. Same fields, same
 * wire format and reflection as MoveInput: clients encode MoveInput unchanged.
 */
export class BufferedMoveInput extends MoveInput {
  override clone(): this {
    return { dx: this.dx, dy: this.dy } as this;
  }
}
