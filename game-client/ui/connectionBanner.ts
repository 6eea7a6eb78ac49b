import type { CloseInfo, ConnectionStatus } from "../net/session.js";
import { button, el } from "./dom.js";

/**
 * Connection trouble, shown over the arena: "Reconnecting…" while the SDK retries, and once the
 * room is gone, why (e.g. "Server restarting…") with a way back to the lobby. Hidden while connected.
 */
export class ConnectionBanner {
  private readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly text: HTMLParagraphElement;
  private readonly back: HTMLButtonElement;

  constructor(parent: HTMLElement, onBackToLobby: () => void) {
    this.title = el("strong", { className: "connection-title", testId: "connection-title" });
    this.text = el("p", { className: "connection-text", testId: "connection-text" });
    this.back = button("Back to lobby", "back-to-lobby", onBackToLobby, "btn primary");
    this.root = el("div", { className: "connection-banner panel", testId: "connection-status", attrs: { role: "status" } }, this.title, this.text, this.back);
    parent.append(this.root);
    this.show("connected");
  }

  show(status: ConnectionStatus, closed?: CloseInfo): void {
    this.root.dataset.state = status;
    if (status === "closed" && closed) this.root.dataset.reason = closed.kind;
    else delete this.root.dataset.reason;
    this.root.hidden = status === "connected";
    this.back.hidden = status !== "closed";
    if (status === "reconnecting") {
      this.title.textContent = "Connection lost — reconnecting…";
      this.text.textContent = "";
    } else if (status === "closed") {
      this.title.textContent = closed?.title ?? "The room is gone.";
      this.text.textContent = closed?.detail ?? "";
    } else {
      this.title.textContent = "";
      this.text.textContent = "";
    }
    this.text.hidden = !this.text.textContent;
  }

  destroy(): void {
    this.root.remove();
  }
}
