import { CHAT_MAX_CHARS, ERROR_CODE } from "../../shared/protocol.js";
import { isTyping } from "../input/keyboard.js";
import type { ChatChannel, ChatEntry, ChatEvent } from "../net/chat.js";
import { button, el } from "./dom.js";

const STATUS_LABEL: Record<ChatEntry["status"], string> = { pending: "sending…", delivered: "", failed: "not sent" };

export interface ChatTab {
  /** "Room" or "Global". */
  label: string;
  channel: ChatChannel;
  placeholder: string;
}

export interface ChatPanelOptions {
  /** Extra class on the panel (placement). */
  className?: string;
  /** Enter anywhere focuses the chat input (in game; not in the lobby, where Enter plays). */
  enterFocuses?: boolean;
  /** Called before a message is sent (e.g. the lobby making sure the server knows our name). */
  beforeSend?: () => void;
  /** A button folds the panel down to itself (with a count of messages that came in meanwhile); the value is whether it starts folded. */
  collapsible?: { collapsed: boolean };
  /** Called after the panel folds or unfolds (its size changed). */
  onToggle?: (collapsed: boolean) => void;
}

interface TabView {
  tab: ChatTab;
  button: HTMLButtonElement | undefined;
  badge: HTMLSpanElement | undefined;
  log: HTMLOListElement;
  rows: Map<number, HTMLLIElement>;
  unread: number;
  unsubscribe: () => void;
}

/**
 * The chat panel: one log per channel, as tabs ("Room" / "Global") when there are several, with
 * an unread count on the tabs not shown. Our own messages go pending → delivered (or failed with
 * the reason). Every string from the network goes in through textContent. Enter focuses the
 * input; Escape gives the keys back to the game.
 */
export class ChatPanel {
  private readonly root: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLParagraphElement;
  private readonly views: TabView[];
  private active: TabView;
  private readonly toggle: { button: HTMLButtonElement; badge: HTMLSpanElement } | undefined;
  private collapsed = false;
  /** Messages from others that arrived while folded. */
  private unreadFolded = 0;
  private readonly onWindowKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !isTyping(e.target)) {
      if (this.collapsed) this.setCollapsed(false);
      this.input.focus();
      e.preventDefault();
    }
  };

  constructor(
    parent: HTMLElement,
    tabs: ChatTab[],
    private readonly options: ChatPanelOptions = {},
  ) {
    if (tabs.length === 0) throw new Error("ChatPanel needs at least one channel");
    this.input = el("input", {
      testId: "chat-input",
      attrs: { type: "text", autocomplete: "off", "aria-label": "Chat message", maxlength: String(CHAT_MAX_CHARS * 2) },
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

    const several = tabs.length > 1;
    this.views = tabs.map((tab) => this.makeView(tab, several));
    this.active = this.views[0]!;
    const head = several
      ? el("div", { className: "chat-tabs", attrs: { role: "tablist", "aria-label": "Chat channels" } }, ...this.views.map((v) => v.button!))
      : el("h2", { className: "chat-title", text: `${tabs[0]!.label} chat` });
    if (options.collapsible) {
      const badge = el("span", { className: "chat-unread", testId: "chat-toggle-unread" });
      const toggle = el("button", { className: "btn small chat-toggle", testId: "chat-toggle", attrs: { type: "button", "aria-expanded": "true" } }, "Chat", badge);
      toggle.addEventListener("click", () => this.setCollapsed(!this.collapsed));
      this.toggle = { button: toggle, badge };
    }
    this.root = el(
      "section",
      { className: `chat panel ${options.className ?? ""}`.trim(), testId: "chat-panel", attrs: { "aria-label": "Chat" } },
      ...(this.toggle ? [el("div", { className: "chat-head" }, this.toggle.button, head)] : [head]),
      ...this.views.map((v) => v.log),
      form,
      this.error,
    );
    parent.append(this.root);
    this.select(this.active);
    this.setCollapsed(options.collapsible?.collapsed ?? false, false);
    if (options.enterFocuses !== false) window.addEventListener("keydown", this.onWindowKey);
  }

  /** The panel's element (to move it within its parent). */
  get element(): HTMLElement {
    return this.root;
  }

  destroy(): void {
    for (const v of this.views) v.unsubscribe();
    window.removeEventListener("keydown", this.onWindowKey);
    this.root.remove();
  }

  /** Folds the panel down to its button, or opens it (and clears the folded count). */
  setCollapsed(collapsed: boolean, notify = true): void {
    if (!this.toggle) return;
    this.collapsed = collapsed;
    this.root.dataset.collapsed = String(collapsed);
    this.toggle.button.setAttribute("aria-expanded", String(!collapsed));
    this.toggle.button.title = collapsed ? "Open the chat" : "Fold the chat";
    if (!collapsed) {
      this.unreadFolded = 0;
      this.active.log.scrollTop = this.active.log.scrollHeight;
    } else if (this.root.contains(document.activeElement)) this.input.blur();
    this.showFolded();
    if (notify) this.options.onToggle?.(collapsed);
  }

  private showFolded(): void {
    if (!this.toggle) return;
    const { button: b, badge } = this.toggle;
    b.dataset.unread = String(this.unreadFolded);
    badge.textContent = this.unreadFolded > 0 ? String(Math.min(this.unreadFolded, 99)) : "";
    badge.hidden = this.unreadFolded === 0;
  }

  private makeView(tab: ChatTab, several: boolean): TabView {
    const id = tab.channel.spec.id;
    const log = el("ol", { className: "chat-log", testId: "chat-log", attrs: { "data-channel": id, "aria-live": "polite", role: several ? "tabpanel" : "log" } });
    const view: TabView = { tab, button: undefined, badge: undefined, log, rows: new Map(), unread: 0, unsubscribe: () => undefined };
    if (several) {
      view.badge = el("span", { className: "chat-unread", testId: "chat-unread" });
      view.button = el("button", { className: "chat-tab", testId: "chat-tab", attrs: { type: "button", role: "tab", "data-channel": id } }, tab.label, view.badge);
      view.button.addEventListener("click", () => this.select(view));
    }
    for (const entry of tab.channel.list()) this.render(view, { kind: "added", entry, before: undefined, fresh: false });
    view.unsubscribe = tab.channel.subscribe((event) => this.render(view, event));
    return view;
  }

  private select(view: TabView): void {
    this.active = view;
    for (const v of this.views) {
      const on = v === view;
      v.log.hidden = !on;
      v.button?.setAttribute("aria-selected", String(on));
    }
    view.unread = 0;
    for (const v of this.views) this.showUnread(v);
    this.input.placeholder = view.tab.placeholder;
    this.error.textContent = "";
    view.log.scrollTop = view.log.scrollHeight;
  }

  private showUnread(view: TabView): void {
    if (!view.button || !view.badge) return;
    view.button.dataset.unread = String(view.unread);
    view.badge.textContent = view.unread > 0 ? String(Math.min(view.unread, 99)) : "";
    view.badge.hidden = view.unread === 0;
  }

  private submit(): void {
    const channel = this.active.tab.channel;
    this.options.beforeSend?.();
    const result = channel.send(this.input.value);
    if (!result.ok) {
      if (result.error.code !== ERROR_CODE.EMPTY_MESSAGE) this.error.textContent = result.error.message;
      return;
    }
    this.input.value = "";
    this.error.textContent = "";
  }

  private render(view: TabView, event: ChatEvent): void {
    const { entry } = event;
    if (event.kind === "removed") {
      view.rows.get(entry.key)?.remove();
      view.rows.delete(entry.key);
      return;
    }
    let row = view.rows.get(entry.key);
    if (!row) {
      row = el("li", { className: "chat-message", testId: "chat-message" });
      view.rows.set(entry.key, row);
      const next = event.kind === "added" && event.before ? view.rows.get(event.before.key) : undefined;
      if (next) view.log.insertBefore(row, next);
      else view.log.append(row);
      if (event.kind === "added" && event.fresh && !entry.mine && view !== this.active) {
        view.unread++;
        this.showUnread(view);
      }
      if (event.kind === "added" && event.fresh && !entry.mine && this.collapsed) {
        this.unreadFolded++;
        this.showFolded();
      }
    }
    row.dataset.status = entry.status;
    row.dataset.mine = String(entry.mine);
    if (entry.id !== undefined) row.dataset.id = String(entry.id);
    const status = entry.status === "failed" && entry.error ? entry.error : STATUS_LABEL[entry.status];
    row.replaceChildren(
      // dir="auto": each name and line takes its own direction from its first strong letter, isolated from the rest.
      el("span", { className: "chat-name", testId: "chat-name", text: entry.name, attrs: { dir: "auto", title: entry.name } }),
      el("span", { className: "chat-text", testId: "chat-text", text: entry.text, attrs: { dir: "auto" } }),
      ...(status ? [el("span", { className: "chat-status", testId: "chat-status", text: status })] : []),
    );
    if (view === this.active) view.log.scrollTop = view.log.scrollHeight;
  }
}
