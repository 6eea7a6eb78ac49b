import type { ConnectionStatus } from "../net/session.js";
import { button, el } from "./dom.js";

/**
 * Connection trouble, shown over the arena: "Reconnecting…" while the SDK retries, and once the
 * room is gone, the reason with a way back to the lobby. Hidden while connected.
 */
export class ConnectionBanner {
  private readonly root: HTMLElement;
  private readonly text: HTMLParagraphElement;
  private readonly back: HTMLButtonElement;

  constructor(parent: HTMLElement, onBackToLobby: () => void) {
    this.text = el("p", { testId: "connection-text" });
    this.back = button("Back to lobby", "back-to-lobby", onBackToLobby, "btn primary");
    this.root = el("div", { className: "connection-banner panel", testId: "connection-status", attrs: { role: "status" } }, this.text, this.back);
    parent.append(this.root);
    this.show("connected");
  }

  show(status: ConnectionStatus, reason = ""): void {
    this.root.dataset.state = status;
    this.root.hidden = status === "connected";
    this.back.hidden = status !== "closed";
    this.text.textContent = status === "reconnecting" ? "Connection lost — reconnecting…" : status === "closed" ? reason || "The room is gone." : "";
  }

  destroy(): void {
    this.root.remove();
  }
}
