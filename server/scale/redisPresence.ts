import { randomBytes } from "node:crypto";
import { RedisPresence } from "@colyseus/redis-presence";

/** Colyseus' reply channels for requests between processes (`ipc:<requestId>`, core/IPC). */
const REPLY_PREFIX = "ipc:";
const isReplyChannel = (topic: string) => topic.startsWith(REPLY_PREFIX);

/**
 * Colyseus' Redis presence with one pattern subscription for all replies to this process's
 * requests. Colyseus subscribes (and waits for Redis) to a new `ipc:<requestId>` channel before
 * every request to another process — a seat in a room over there costs one more round trip on the
 * join. Here each process subscribes once to `ipc:<tag>.*`; a request it publishes carries
 * `<tag>.<requestId>` as its id, so the other process (patched or not) answers on
 * `ipc:<tag>.<requestId>`, delivered to the listener Colyseus registered for `ipc:<requestId>`.
 */
export class ReplyPatternRedisPresence extends RedisPresence {
  private readonly tag = randomBytes(6).toString("hex");
  private readonly replyChannelPrefix = `${REPLY_PREFIX}${this.tag}.`;
  /** The pattern subscription once made (ioredis re-subscribes it after a reconnection); undefined after a failed attempt. */
  private replies: Promise<unknown> | undefined;

  constructor(url: string) {
    super(url);
    this.sub.on("pmessage", (_pattern: string, channel: string, message: string) => {
      if (channel.startsWith(this.replyChannelPrefix)) {
        this.handleSubscription(REPLY_PREFIX + channel.slice(this.replyChannelPrefix.length), message);
      }
    });
    this.subscribeReplies().catch(() => undefined); // a connection error is reported by the connection's own listeners
  }

  /** Subscribes to the reply pattern, or waits for the subscription under way; a failed attempt is retried by the next request. */
  private subscribeReplies(): Promise<unknown> {
    this.replies ??= this.sub.psubscribe(`${this.replyChannelPrefix}*`).catch((err: unknown) => {
      this.replies = undefined;
      throw err;
    });
    return this.replies;
  }

  override async subscribe(topic: string, callback: (...args: any[]) => void): Promise<this> {
    if (!isReplyChannel(topic)) return super.subscribe(topic, callback);
    await this.subscribeReplies(); // before the listener: a failed attempt leaves nothing behind; the request is published after this returns
    this.subscriptions.addListener(topic, callback);
    return this;
  }

  override async unsubscribe(topic: string, callback?: (...args: any[]) => void): Promise<this> {
    if (!isReplyChannel(topic)) return super.unsubscribe(topic, callback);
    if (callback) this.subscriptions.removeListener(topic, callback);
    else this.subscriptions.removeAllListeners(topic);
    return this;
  }

  override async publish(topic: string, data: any): Promise<void> {
    // A request is `[method, requestId, args]`, published to a room or process channel just after
    // its reply listener was registered here.
    if (!isReplyChannel(topic) && Array.isArray(data) && data.length === 3 && typeof data[1] === "string" && this.subscriptions.listenerCount(REPLY_PREFIX + data[1]) > 0) {
      data = [data[0], `${this.tag}.${data[1]}`, data[2]];
    }
    return super.publish(topic, data);
  }

  /** After a reconnection: the channels Colyseus subscribed to, without the reply channels (the pattern covers them). */
  override resubscribeAll(): void {
    const topics = this.subscriptions.eventNames().filter((t): t is string => typeof t === "string" && !isReplyChannel(t));
    if (topics.length > 0) this.sub.subscribe(...topics).catch(() => undefined);
  }
}
