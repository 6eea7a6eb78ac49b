import { CHAT_MAX_CHARS } from "../../shared/protocol.js";
import { isTyping } from "../input/keyboard.js";
import type { ChatChannel, ChatEntry, ChatEvent } from "../net/chat.js";
import { button, el } from "./dom.js";

const STATUS_LABEL: Record<ChatEntry["status"], string> = { pending: "sending…", delivered: "", failed: "not sent" };

/**
 * The chat panel over the canvas: history and live messages, our own messages pending → delivered
 * (or failed with the reason). Every string from the network goes in through textContent.
 * Enter focuses the input; Escape gives the keys back to the game.
 */
export class ChatPanel {
  private readonly root: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLParagraphElement;
  private readonly rows = new Map<number, HTMLLIElement>();
  private readonly unsubscribe: () => void;
  private readonly onWindowKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !isTyping(e.target)) {
      this.input.focus();
      e.preventDefault();
    }
  };

  constructor(
    parent: HTMLElement,
    private readonly chat: ChatChannel,
  ) {
    this.log = el("ol", { className: "chat-log", testId: "chat-log", attrs: { "aria-live": "polite" } });
    this.input = el("input", {
      testId: "chat-input",
      attrs: { type: "text", placeholder: "Press Enter to chat", autocomplete: "off", "aria-label": "Chat message", maxlength: String(CHAT_MAX_CHARS * 2) },
    });
    this.error = el("p", { className: "chat-error", testId: "chat-error", attrs: { role: "alert" } });
    const form = el("form", { className: "chat-form" }, this.input, button("Send", "chat-send", () => this.submit(), "btn small"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.input.blur();
    });
    this.input.addEventListener("input", () => (this.error.textContent = ""));
    this.root = el("section", { className: "chat panel", testId: "chat-panel", attrs: { "aria-label": "Chat" } }, this.log, form, this.error);
    parent.append(this.root);

    for (const entry of chat.list()) this.render({ kind: "added", entry });
    this.unsubscribe = chat.subscribe((event) => this.render(event));
    window.addEventListener("keydown", this.onWindowKey);
  }

  destroy(): void {
    this.unsubscribe();
    window.removeEventListener("keydown", this.onWindowKey);
    this.root.remove();
  }

  private submit(): void {
    const result = this.chat.send(this.input.value);
    if (!result.ok) {
      if (result.error.code !== "EMPTY_MESSAGE") this.error.textContent = result.error.message;
      return;
    }
    this.input.value = "";
    this.error.textContent = "";
  }

  private render(event: ChatEvent): void {
    const { entry } = event;
    if (event.kind === "removed") {
      this.rows.get(entry.key)?.remove();
      this.rows.delete(entry.key);
      return;
    }
    let row = this.rows.get(entry.key);
    if (!row) {
      row = el("li", { className: "chat-message", testId: "chat-message" });
      this.rows.set(entry.key, row);
      this.log.append(row);
    }
    row.dataset.status = entry.status;
    row.dataset.mine = String(entry.mine);
    if (entry.id !== undefined) row.dataset.id = String(entry.id);
    const status = entry.status === "failed" && entry.error ? entry.error : STATUS_LABEL[entry.status];
    row.replaceChildren(
      el("span", { className: "chat-name", text: entry.name }),
      el("span", { className: "chat-text", testId: "chat-text", text: entry.text }),
      ...(status ? [el("span", { className: "chat-status", testId: "chat-status", text: status })] : []),
    );
    this.log.scrollTop = this.log.scrollHeight;
  }
}
