/**
 * A hand-written SVG comparing the arms: downstream bytes per client per second (log scale),
 * server CPU per client-tick, input→echo p99 (grouped by player count) and capacity.
 */
import { TUNING_ARMS, type Arm, type BaseArm, type TuningArm } from "../load/factory.js";
import type { BenchResults, SizeField } from "./results.js";

const BASE_COLORS: Record<BaseArm, string> = { "orb-arena": "#2b7bba", "orb-arena-redis": "#73b3e0", "colyseus-stock": "#f0ad4e", socketio: "#d9534f", floor: "#5cb85c" };
const TUNING_COLORS = ["#8e6bb8", "#b37fc7", "#6f5499", "#c9a3d9", "#4b3a73", "#a58cc4"];
const colorOf = (arm: Arm) => BASE_COLORS[arm as BaseArm] ?? TUNING_COLORS[Math.max(0, TUNING_ARMS.indexOf(arm as TuningArm)) % TUNING_COLORS.length]!;
const W = 460;
const LEGEND_PER_ROW = 5;
const H = 250;
const PAD = { l: 58, r: 12, t: 34, b: 34 };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const short = (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v >= 10 ? v.toFixed(0) : v.toFixed(1));

interface Series {
  arm: Arm;
  values: Array<number | null>;
}

function panel(x: number, y: number, title: string, groups: string[], series: Series[], log: boolean): string {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && v > 0);
  const max = all.length ? Math.max(...all) : 1;
  const min = log ? Math.max(1, Math.min(...all) / 2) : 0;
  const plotW = W - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const scale = (v: number) => (log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max * 1.15) - Math.log10(min)) : v / (max * 1.15)) * plotH;
  const parts = [`<g transform="translate(${x},${y})">`, `<text x="${W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  parts.push(`<line x1="${PAD.l}" y1="${PAD.t + plotH}" x2="${W - PAD.r}" y2="${PAD.t + plotH}" stroke="#999"/>`);
  const ticks = log ? [1, 10, 100, 1000, 10_000, 100_000].filter((t) => t >= min && t <= max * 1.15) : [0, max / 2, max].map((t) => Number(t.toPrecision(2)));
  for (const t of ticks) {
    const ty = PAD.t + plotH - scale(Math.max(t, log ? min : 0));
    parts.push(`<line x1="${PAD.l}" y1="${ty}" x2="${W - PAD.r}" y2="${ty}" stroke="#eee"/><text x="${PAD.l - 6}" y="${ty + 4}" text-anchor="end" font-size="10">${short(t)}</text>`);
  }
  const groupW = plotW / Math.max(1, groups.length);
  const barW = Math.min(26, (groupW - 12) / Math.max(1, series.length));
  groups.forEach((g, gi) => {
    const gx = PAD.l + gi * groupW + (groupW - barW * series.length) / 2;
    parts.push(`<text x="${PAD.l + gi * groupW + groupW / 2}" y="${PAD.t + plotH + 16}" text-anchor="middle" font-size="11">${esc(g)}</text>`);
    series.forEach((s, si) => {
      const v = s.values[gi];
      if (v === null || v === undefined || v <= 0) return;
      const h = Math.max(1, scale(v));
      const bx = gx + si * barW;
      parts.push(`<rect x="${bx.toFixed(1)}" y="${(PAD.t + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colorOf(s.arm)}"><title>${s.arm} ${g}: ${v}</title></rect>`);
      parts.push(`<text x="${(bx + barW / 2 - 1).toFixed(1)}" y="${(PAD.t + plotH - h - 3).toFixed(1)}" text-anchor="middle" font-size="8">${short(v)}</text>`);
    });
  });
  parts.push("</g>");
  return parts.join("\n");
}

export function renderChart(r: BenchResults): string {
  const arms = Object.keys(r.arms) as Arm[];
  const sizes = [...new Set(arms.flatMap((a) => Object.keys(r.arms[a]!.sizes)))].sort((a, b) => Number(a) - Number(b));
  const bySize = (field: SizeField): Series[] => arms.map((arm) => ({ arm, values: sizes.map((s) => r.arms[arm]!.sizes[s]?.[field] ?? null) }));
  const groups = sizes.map((s) => `${s} players`);
  const legend = arms
    .map((arm, i) => {
      const lx = 20 + (i % LEGEND_PER_ROW) * 180;
      const ly = 2 * H + 52 + Math.floor(i / LEGEND_PER_ROW) * 18;
      return `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${colorOf(arm)}"/><text x="${lx + 16}" y="${ly + 10}">${esc(arm)}</text>`;
    })
    .join("\n");
  const subtitle = `${r.date} · ${r.machine.cores} cores (${esc(r.machine.cpuModel)}) · Node ${r.node} · ${r.mode} run · medians`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${2 * H + 58 + 18 * Math.ceil(arms.length / LEGEND_PER_ROW)}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${W}" y="${2 * H + 42}" text-anchor="middle" font-size="11" fill="#555">${subtitle}</text>`,
    panel(0, 0, "Downstream bytes per client per second (log)", groups, bySize("bytesDownPerClientPerSec"), true),
    panel(W, 0, "Server CPU µs per client per tick", groups, bySize("serverCpuUsPerClientTick"), false),
    panel(0, H, "Input → echo p99 (ms)", groups, bySize("inputEchoP99Ms"), false),
    panel(W, H, "Capacity: players per process", ["capacity"], arms.map((arm) => ({ arm, values: [r.arms[arm]!.capacity] })), false),
    legend,
    "</svg>",
  ].join("\n");
}
