import type { ChatMessage } from "../../../shared/protocol.js";

/** The last `capacity` chat messages of a room, oldest first, with room-unique increasing ids. */
export class ChatLog {
  private readonly messages: ChatMessage[] = [];
  private nextId = 1;

  constructor(private readonly capacity: number) {}

  append(entry: Omit<ChatMessage, "id">): ChatMessage {
    const message: ChatMessage = { id: this.nextId++, ...entry };
    this.messages.push(message);
    if (this.messages.length > this.capacity) this.messages.shift();
    return message;
  }

  /** Messages with an id greater than `afterId` (all of them by default), oldest first. */
  since(afterId = 0): ChatMessage[] {
    return this.messages.filter((m) => m.id > afterId);
  }
}
