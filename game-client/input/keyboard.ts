import type { MoveIntent } from "../../shared/sim/step.js";

const LEFT = new Set(["KeyA", "ArrowLeft"]);
const RIGHT = new Set(["KeyD", "ArrowRight"]);
const UP = new Set(["KeyW", "ArrowUp"]);
const DOWN = new Set(["KeyS", "ArrowDown"]);
const MOVEMENT = new Set([...LEFT, ...RIGHT, ...UP, ...DOWN]);

/** True when the key went to a text field (typing "w" in the chat must not move the player). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * WASD + arrow keys → a movement intent. Plain DOM listeners (not Phaser's key capture, which
 * would swallow those letters in the chat box). Keys held while the window loses focus are released.
 */
export class Keyboard {
  private readonly down = new Set<string>();
  private readonly onKeyDown = (e: KeyboardEvent) => {
    if (!MOVEMENT.has(e.code) || isTyping(e.target)) return;
    this.down.add(e.code);
    e.preventDefault(); // no page scrolling on arrows
  };
  private readonly onKeyUp = (e: KeyboardEvent) => {
    this.down.delete(e.code);
  };
  private readonly onBlur = () => this.down.clear();

  constructor(private readonly target: Window = window) {
    target.addEventListener("keydown", this.onKeyDown);
    target.addEventListener("keyup", this.onKeyUp);
    target.addEventListener("blur", this.onBlur);
  }

  intent(): MoveIntent {
    return { dx: axis(this.down, LEFT, RIGHT), dy: axis(this.down, UP, DOWN) };
  }

  dispose(): void {
    this.target.removeEventListener("keydown", this.onKeyDown);
    this.target.removeEventListener("keyup", this.onKeyUp);
    this.target.removeEventListener("blur", this.onBlur);
    this.down.clear();
  }
}

function axis(down: Set<string>, negative: Set<string>, positive: Set<string>): number {
  let v = 0;
  for (const code of down) {
    if (negative.has(code)) v -= 1;
    if (positive.has(code)) v += 1;
  }
  return Math.sign(v);
}
