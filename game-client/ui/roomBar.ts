import { button, el } from "./dom.js";

export interface RoomBarOptions {
  roomId: string;
  createdPrivate: boolean;
  onLeave(): void;
  /** We watch without a seat: the bar says so and offers Play (take a seat) while one is free. */
  watching?: { onPlay(): void };
}

/** The strip above the arena: the room's code (to share), who is watching, and a way back to the lobby. */
export class RoomBar {
  private readonly root: HTMLElement;
  private readonly watchers = el("span", { className: "muted", testId: "spectator-count", attrs: { "data-count": "0" } });
  private readonly play: HTMLButtonElement | undefined;
  private shown = "";
  /** Where small buttons of other modules go (the sound toggle), before Leave. */
  readonly tools = el("span", { className: "room-tools" });

  constructor(parent: HTMLElement, options: RoomBarOptions) {
    const code = el("strong", { className: "room-code", testId: "room-code", text: options.roomId });
    const copy = button("Copy", "copy-code", () => {
      void navigator.clipboard?.writeText(options.roomId).then(
        () => (copy.textContent = "Copied"),
        () => (copy.textContent = "Copy failed"),
      );
    }, "btn small");
    const label = options.watching ? "Watching room" : options.createdPrivate ? "Private room — share this code:" : "Room code:";
    const watching = options.watching;
    if (watching) this.play = button("Play", "take-seat", () => watching.onPlay(), "btn small primary");
    this.root = el(
      "header",
      { className: "room-bar panel", testId: "room-bar", attrs: { "data-private": String(options.createdPrivate) } },
      el("span", { className: "muted", text: label }),
      code,
      copy,
      this.watchers,
      ...(this.play ? [this.play] : []),
      el("span", { className: "spacer" }),
      this.tools,
      button("Leave", "leave-room", options.onLeave, "btn small"),
    );
    parent.append(this.root);
  }

  /** Called every frame: the spectator count, and whether Play can take a seat (cheap when nothing changed). */
  update(spectators: number, seatOpen: boolean): void {
    const key = `${spectators}:${seatOpen}`;
    if (key === this.shown) return;
    this.shown = key;
    this.watchers.textContent = spectators > 0 ? `${spectators} watching` : "";
    this.watchers.dataset.count = String(spectators);
    if (this.play) {
      this.play.disabled = !seatOpen;
      this.play.title = seatOpen ? "Take a free seat in this room" : "Every seat is taken";
    }
  }

  destroy(): void {
    this.root.remove();
  }
}
