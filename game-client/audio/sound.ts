/**
 * Short synthesized sounds (WebAudio oscillators: no audio files). Muting is remembered in
 * localStorage. The AudioContext is created on first use and resumed on the first key or touch,
 * as browsers only let a page start sound after a gesture.
 */
const MUTE_KEY = "orbArena.muted";

let context: AudioContext | undefined;
let started = 0;

function storedMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

let muted = storedMuted();

export function isMuted(): boolean {
  return muted;
}

export function setMuted(value: boolean): void {
  muted = value;
  try {
    localStorage.setItem(MUTE_KEY, value ? "1" : "0");
  } catch {
    // storage refused (private mode): muting still holds for this page
  }
}

/** Sounds started since the page loaded (the debug hook reports it; muted ones are not counted). */
export function soundsStarted(): number {
  return started;
}

function audio(): AudioContext | undefined {
  if (context) return context;
  const Ctor = window.AudioContext;
  if (!Ctor) return undefined;
  context = new Ctor();
  const resume = () => void context?.resume();
  window.addEventListener("pointerdown", resume, { once: true });
  window.addEventListener("keydown", resume, { once: true });
  return context;
}

/** A pickup: a quick rising blip; gold ones higher and with a second note. */
export function playPickup(gold: boolean): void {
  if (muted) return;
  const ctx = audio();
  if (!ctx) return;
  started++;
  const notes = gold ? [880, 1320] : [660];
  notes.forEach((hz, i) => {
    const at = ctx.currentTime + i * 0.07;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "triangle";
    osc.frequency.setValueAtTime(hz, at);
    osc.frequency.exponentialRampToValueAtTime(hz * 1.5, at + 0.08);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.18, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.16);
  });
}

/** Hit by a dash: a short falling thud. */
export function playHit(): void {
  if (muted) return;
  const ctx = audio();
  if (!ctx) return;
  started++;
  const at = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sawtooth";
  osc.frequency.setValueAtTime(220, at);
  osc.frequency.exponentialRampToValueAtTime(70, at + 0.18);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.2, at + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 0.24);
}

/** Our dash starting: a quick noise-free whoosh (a fast falling sine). */
export function playDash(): void {
  if (muted) return;
  const ctx = audio();
  if (!ctx) return;
  started++;
  const at = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = "sine";
  osc.frequency.setValueAtTime(900, at);
  osc.frequency.exponentialRampToValueAtTime(300, at + 0.15);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + 0.2);
}
