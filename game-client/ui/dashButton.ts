import { DASH_COOLDOWN_STEPS } from "../../shared/sim/constants.js";
import { isTyping } from "../input/keyboard.js";
import { button, el } from "./dom.js";

/**
 * The dash (arena only): the Space key or this button asks for one; the Game scene takes the
 * request with the next input (`take()`). The rule itself, cooldown included, is in
 * shared/sim/dash.ts; the button shows the predicted cooldown (`show()`): dimmed, with a bar that
 * fills until the next dash is ready.
 */
export class DashButton {
  private readonly root: HTMLButtonElement;
  private wanted = false;
  private readonly bar: HTMLSpanElement;
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.code !== "Space" || isTyping(e.target)) return;
    e.preventDefault(); // no page scroll, no button click
    if (!e.repeat) this.ask();
  };

  constructor(parent: HTMLElement, touch: boolean) {
    this.root = button(touch ? "Dash" : "Dash (Space)", "dash", () => this.ask(), "btn dash-button");
    this.bar = el("span", { className: "dash-charge" });
    this.root.append(this.bar);
    this.root.title = "Dash: a burst of speed that shoves whoever you hit and knocks up to 3 points out of them";
    parent.append(this.root);
    window.addEventListener("keydown", this.onKey);
  }

  /** True once per request: the caller sends it with its next input. */
  take(): boolean {
    if (!this.wanted) return false;
    this.wanted = false;
    return true;
  }

  /** Shows our predicted cooldown (steps left until the next dash may start). */
  show(cooldownSteps: number): void {
    const ready = cooldownSteps <= 0;
    if (this.root.dataset.ready !== String(ready)) this.root.dataset.ready = String(ready);
    this.bar.style.width = `${Math.round((1 - Math.min(1, cooldownSteps / DASH_COOLDOWN_STEPS)) * 100)}%`;
  }

  private ask(): void {
    this.wanted = true;
  }

  destroy(): void {
    window.removeEventListener("keydown", this.onKey);
    this.root.remove();
  }
}
