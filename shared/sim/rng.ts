/** A seeded pseudo-random generator returning floats in [0, 1). */
export type Rng = () => number;

/** A generator whose whole state is one 32-bit number: `createRng(rng.state())` goes on with the same sequence. */
export interface SeededRng extends Rng {
  state(): number;
}

/** mulberry32: tiny, fast, good enough for game placement; same seed → same sequence everywhere (integer arithmetic only). */
export function createRng(seed: number): SeededRng {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as SeededRng;
  next.state = () => a;
  return next;
}
