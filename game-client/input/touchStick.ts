import type { MoveIntent } from "../../shared/sim/step.js";

/** Drag distance (CSS px) below which the stick reads as centred. */
const DEAD_ZONE_PX = 12;
/** Radius of the drawn stick base (CSS px). */
const BASE_RADIUS_PX = 56;
/** An axis counts once the drag direction is within this angle of it (8-way, 22.5° each side). */
const AXIS_COS = Math.cos((3 * Math.PI) / 8);

/**
 * A virtual joystick: press anywhere on `surface` (finger, pen or mouse) and drag; the drag
 * direction becomes an 8-way movement intent. The stick is drawn where the drag started.
 */
export class TouchStick {
  private pointerId: number | undefined;
  private origin = { x: 0, y: 0 };
  private current: MoveIntent = { dx: 0, dy: 0 };
  private readonly base: HTMLDivElement;
  private readonly knob: HTMLDivElement;

  private readonly onDown = (e: PointerEvent) => {
    if (this.pointerId !== undefined || e.button > 0) return;
    // preventDefault below keeps focus where it was: hand the keys back to the game explicitly.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    this.pointerId = e.pointerId;
    this.origin = { x: e.clientX, y: e.clientY };
    this.surface.setPointerCapture?.(e.pointerId);
    this.place(this.base, e.clientX, e.clientY);
    this.place(this.knob, e.clientX, e.clientY);
    this.base.hidden = this.knob.hidden = false;
    e.preventDefault();
  };
  private readonly onMove = (e: PointerEvent) => {
    if (e.pointerId !== this.pointerId) return;
    const dx = e.clientX - this.origin.x;
    const dy = e.clientY - this.origin.y;
    const length = Math.hypot(dx, dy);
    const clamp = length > BASE_RADIUS_PX ? BASE_RADIUS_PX / length : 1;
    this.place(this.knob, this.origin.x + dx * clamp, this.origin.y + dy * clamp);
    this.current = length < DEAD_ZONE_PX ? { dx: 0, dy: 0 } : { dx: toAxis(dx / length), dy: toAxis(dy / length) };
  };
  private readonly onUp = (e: PointerEvent) => {
    if (e.pointerId !== this.pointerId) return;
    this.pointerId = undefined;
    this.current = { dx: 0, dy: 0 };
    this.base.hidden = this.knob.hidden = true;
  };

  constructor(private readonly surface: HTMLElement) {
    this.base = stickPart("touch-stick-base");
    this.knob = stickPart("touch-stick-knob");
    surface.append(this.base, this.knob);
    surface.addEventListener("pointerdown", this.onDown);
    surface.addEventListener("pointermove", this.onMove);
    surface.addEventListener("pointerup", this.onUp);
    surface.addEventListener("pointercancel", this.onUp);
  }

  intent(): MoveIntent {
    return this.current;
  }

  dispose(): void {
    this.surface.removeEventListener("pointerdown", this.onDown);
    this.surface.removeEventListener("pointermove", this.onMove);
    this.surface.removeEventListener("pointerup", this.onUp);
    this.surface.removeEventListener("pointercancel", this.onUp);
    this.base.remove();
    this.knob.remove();
  }

  private place(el: HTMLElement, clientX: number, clientY: number): void {
    const box = this.surface.getBoundingClientRect();
    el.style.left = `${clientX - box.left}px`;
    el.style.top = `${clientY - box.top}px`;
  }
}

function toAxis(component: number): number {
  return component > AXIS_COS ? 1 : component < -AXIS_COS ? -1 : 0;
}

function stickPart(className: string): HTMLDivElement {
  const el = document.createElement("div");
  el.className = className;
  el.hidden = true;
  return el;
}
