/** A latency probe on the full @colyseus/sdk (bots/Bot.ts): decodes every patch like a real client. */
import type { MoveIntent } from "../../shared/sim/step.js";
import { Bot } from "../../bots/Bot.js";
import type { Endpoint, FrameCounter, ProbeClient } from "./client.js";

export class SdkProbe implements ProbeClient {
  private bot: Bot | undefined;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly name: string,
    private readonly counter: FrameCounter,
  ) {}

  get open(): boolean {
    return this.bot !== undefined && this.bot.left === undefined;
  }

  /** Quick play; a 503 (matchmaking busy or unavailable: "try again") is tried again, up to three times, as a client would. */
  async join(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.bot = await Bot.join(`ws://${this.endpoint.host}`, { kind: "quick" }, { name: this.name }, 10_000);
        break;
      } catch (err) {
        if (attempt >= 3 || !/UNAVAILABLE|503|try again/i.test(String(err))) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
    this.bot.room.onStateChange(() => this.counter.frame());
  }

  sendInput(intent: MoveIntent): void {
    this.bot?.sendInput(intent);
  }
  myX(): number | undefined {
    return this.bot?.me?.x;
  }
  onState(listener: () => void): void {
    this.bot?.room.onStateChange(listener);
  }
  async chat(text: string): Promise<void> {
    await this.bot?.chat(text);
  }
  bytesRead(): number {
    return Number.NaN; // the SDK's WebSocket does not expose its socket; load bytes come from light bots
  }
  bytesWritten(): number {
    return Number.NaN;
  }
  leave(): void {
    void this.bot?.leave().catch(() => undefined);
  }
}
