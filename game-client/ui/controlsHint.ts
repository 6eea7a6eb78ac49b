import { el } from "./dom.js";

/** Whether the main pointer is a finger (phones, tablets): the UI then speaks of touch, not keys. */
export function isTouchDevice(): boolean {
  return window.matchMedia("(pointer: coarse)").matches;
}

/** The lobby's one line on how to play, in the words of the device in hand. */
export function controlsHint(): HTMLParagraphElement {
  const text = isTouchDevice()
    ? "Controls: touch the arena and drag to move; eat orbs (gold ones are worth 5)."
    : "Controls: arrow keys or WASD to move; eat orbs (gold ones are worth 5); Enter to chat.";
  return el("p", { className: "lobby-controls", testId: "controls-hint", text });
}
