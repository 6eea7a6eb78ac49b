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

  async join(): Promise<void> {
    this.bot = await Bot.join(`ws://${this.endpoint.host}`, { kind: "quick" }, { name: this.name }, 10_000);
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
