/** Colours of the arena, as 0xRRGGBB numbers for Phaser and CSS strings for text. */
export const COLOR = {
  background: 0x0d1321,
  arena: 0x141c2f,
  grid: 0x1f2a44,
  border: 0x3a4a6b,
  orb: 0x5ee7ff,
  gold: 0xffc83d,
  self: 0xffffff,
} as const;

export const TEXT_COLOR = {
  normal: "#e6ecff",
  muted: "#8b97b8",
  gold: "#ffc83d",
  self: "#ffffff",
} as const;

/** A player's colour from the server's hue index (0..255): saturated, light enough on dark blue. */
export function playerColor(hue: number): number {
  return hslToRgb(((hue % 256) / 256) * 360, 0.75, 0.6);
}

export function cssColor(rgb: number): string {
  return `#${rgb.toString(16).padStart(6, "0")}`;
}

function hslToRgb(h: number, s: number, l: number): number {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return (channel(0) << 16) | (channel(8) << 8) | channel(4);
}
