import { isMuted, setMuted } from "../audio/sound.js";
import { button } from "./dom.js";

/** The sound toggle (remembered across visits by audio/sound.ts). */
export class MuteButton {
  private readonly root: HTMLButtonElement;

  constructor(parent: HTMLElement) {
    this.root = button("", "mute", () => {
      setMuted(!isMuted());
      this.show();
    }, "btn small");
    parent.append(this.root);
    this.show();
  }

  private show(): void {
    const muted = isMuted();
    this.root.textContent = muted ? "Sound off" : "Sound on";
    this.root.title = muted ? "Sound off: turn on" : "Sound on: turn off";
    this.root.setAttribute("aria-label", this.root.title);
    this.root.setAttribute("aria-pressed", String(muted));
  }

  destroy(): void {
    this.root.remove();
  }
}
