import { button, el } from "./dom.js";

export interface RoomBarOptions {
  roomId: string;
  createdPrivate: boolean;
  onLeave(): void;
}

/** The strip above the arena: the room's code (to share), and a way back to the lobby. */
export class RoomBar {
  private readonly root: HTMLElement;
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
    const label = options.createdPrivate ? "Private room — share this code:" : "Room code:";
    this.root = el(
      "header",
      { className: "room-bar panel", testId: "room-bar", attrs: { "data-private": String(options.createdPrivate) } },
      el("span", { className: "muted", text: label }),
      code,
      copy,
      el("span", { className: "spacer" }),
      this.tools,
      button("Leave", "leave-room", options.onLeave, "btn small"),
    );
    parent.append(this.root);
  }

  destroy(): void {
    this.root.remove();
  }
}
