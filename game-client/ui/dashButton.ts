import { DASH_COOLDOWN_STEPS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { isTyping } from "../input/keyboard.js";
import { button } from "./dom.js";

/**
 * The dash (arena only): the Space key or this button asks for one; the Game scene takes the
 * request with the next input (`take()`). The rule itself, cooldown included, is in
 * shared/sim/dash.ts; the button only dims for the cooldown after a press, as a reminder.
 */
export class DashButton {
  private readonly root: HTMLButtonElement;
  private wanted = false;
  private dimmedUntil = 0;
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.code !== "Space" || isTyping(e.target)) return;
    e.preventDefault(); // no page scroll, no button click
    if (!e.repeat) this.ask();
  };

  constructor(parent: HTMLElement, touch: boolean) {
    this.root = button(touch ? "Dash" : "Dash (Space)", "dash", () => this.ask(), "btn dash-button");
    this.root.title = "Dash: a burst of speed that shoves whoever you hit and knocks up to 3 points out of them";
    parent.append(this.root);
    window.addEventListener("keydown", this.onKey);
  }

  /** True once per request: the caller sends it with its next input. */
  take(now: number): boolean {
    this.root.dataset.ready = String(now >= this.dimmedUntil);
    if (!this.wanted) return false;
    this.wanted = false;
    return true;
  }

  private ask(): void {
    this.wanted = true;
    const now = performance.now();
    if (now >= this.dimmedUntil) this.dimmedUntil = now + (DASH_COOLDOWN_STEPS / TICK_RATE_HZ) * 1000;
  }

  destroy(): void {
    window.removeEventListener("keydown", this.onKey);
    this.root.remove();
  }
}
