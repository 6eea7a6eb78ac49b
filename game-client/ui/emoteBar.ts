import { EMOTES, type Emote } from "../../shared/protocol.js";
import { isTyping } from "../input/keyboard.js";
import { EMOTE_TEXT } from "../render/emotes.js";
import { button, el } from "./dom.js";

/** Emote buttons (and keys 1–4, when not typing) for the hill room. */
export class EmoteBar {
  private readonly root: HTMLElement;
  private readonly onKey = (e: KeyboardEvent) => {
    if (isTyping(e.target) || e.repeat) return;
    const emote = EMOTES[Number(e.key) - 1];
    if (emote) this.send(emote);
  };

  constructor(
    parent: HTMLElement,
    private readonly send: (emote: Emote) => void,
  ) {
    this.root = el(
      "div",
      { className: "emote-bar panel", testId: "emote-bar", attrs: { role: "group", "aria-label": "Emotes" } },
      ...EMOTES.map((emote, i) => {
        const b = button(EMOTE_TEXT[emote], `emote-${emote}`, () => this.send(emote), "btn small");
        b.title = `${emote} (key ${i + 1})`;
        return b;
      }),
    );
    parent.append(this.root);
    window.addEventListener("keydown", this.onKey);
  }

  destroy(): void {
    window.removeEventListener("keydown", this.onKey);
    this.root.remove();
  }
}
