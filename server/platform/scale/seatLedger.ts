/**
 * Seat reservations not used yet, per client address (one process's view: the reservations it
 * handed out). A slot is taken before Colyseus reserves the seat, so concurrent requests cannot
 * overshoot the cap, and filled with the reservation's room and session. A slot ends when its
 * reservation can no longer be used (the room's seat reservation time has passed) or, checked
 * only when the address is at its cap, when the room no longer holds it (the client connected).
 * Memory: at most `cap` slots per address and `maxAddresses` addresses (least recently used
 * dropped first); a sweep drops ended slots at most every `sweepEveryMs`.
 */
export interface SeatSlot {
  roomId?: string;
  sessionId?: string;
  endsAt: number;
  checkedAt: number;
}

/** Whether room `roomId` still holds an unused reservation for `sessionId` (false when it cannot tell). */
export type StillReserved = (roomId: string, sessionId: string) => Promise<boolean>;

/** How long a slot's "still reserved" answer is trusted, ms: an address at its cap asks again at most this often. */
const RECHECK_MS = 1000;

export class SeatLedger {
  private readonly byAddress = new Map<string, SeatSlot[]>();
  private lastSweep: number;

  constructor(
    private readonly cap: number,
    private readonly holdMs: number,
    private readonly maxAddresses: number,
    private readonly stillReserved: StillReserved,
    private readonly now: () => number = () => performance.now(),
    private readonly sweepEveryMs = 10_000,
  ) {
    this.lastSweep = now();
  }

  /** A slot for one reservation by `key`, or undefined when `key` holds `cap` unused reservations. */
  async acquire(key: string): Promise<SeatSlot | undefined> {
    if (this.live(key).length >= this.cap) await this.recheck(key);
    const slots = this.live(key);
    if (slots.length >= this.cap) return undefined;
    const now = this.now();
    // An unfilled slot (request in flight) ends like a reservation would, in case it is never settled.
    const slot: SeatSlot = { endsAt: now + this.holdMs, checkedAt: now };
    slots.push(slot);
    this.store(key, slots);
    return slot;
  }

  /** Fills `slot` with the reservation made, or frees it when none was made. */
  settle(key: string, slot: SeatSlot, reservation?: { roomId: string; sessionId: string }): void {
    if (reservation) {
      slot.roomId = reservation.roomId;
      slot.sessionId = reservation.sessionId;
      slot.endsAt = this.now() + this.holdMs;
      slot.checkedAt = -Infinity; // a new reservation is checked the first time the address is at its cap
      return;
    }
    const slots = this.byAddress.get(key);
    if (!slots) return;
    const i = slots.indexOf(slot);
    if (i !== -1) slots.splice(i, 1);
    if (slots.length === 0) this.byAddress.delete(key);
  }

  /** Unused reservations `key` holds now (in-flight requests included). */
  held(key: string): number {
    return this.live(key).length;
  }

  /** Addresses tracked (for the memory test). */
  get size(): number {
    return this.byAddress.size;
  }

  private live(key: string): SeatSlot[] {
    const now = this.now();
    if (now - this.lastSweep >= this.sweepEveryMs) this.sweep(now);
    const slots = (this.byAddress.get(key) ?? []).filter((s) => s.endsAt > now);
    if (slots.length === 0) this.byAddress.delete(key);
    else this.byAddress.set(key, slots);
    return slots;
  }

  private async recheck(key: string): Promise<void> {
    const now = this.now();
    const due = this.live(key).filter((s) => s.roomId !== undefined && now - s.checkedAt >= RECHECK_MS);
    if (due.length === 0) return;
    for (const s of due) s.checkedAt = now;
    const answers = await Promise.all(due.map((s) => this.stillReserved(s.roomId!, s.sessionId!).catch(() => false)));
    due.forEach((s, i) => {
      if (!answers[i]) s.endsAt = 0;
    });
  }

  private store(key: string, slots: SeatSlot[]): void {
    this.byAddress.delete(key);
    if (this.byAddress.size >= this.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
    this.byAddress.set(key, slots);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, slots] of this.byAddress) {
      const live = slots.filter((s) => s.endsAt > now);
      if (live.length === 0) this.byAddress.delete(key);
      else if (live.length !== slots.length) this.byAddress.set(key, live);
    }
  }
}
