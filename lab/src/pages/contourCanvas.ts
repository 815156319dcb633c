/**
 * The playground's map: a filled contour map of f on a canvas (bands between
 * the report layer's contour levels, lines by its marching squares), the
 * optimizers' paths drawn over it up to an animation step, the start ring and
 * the minimum's cross. Clicking sets the start.
 */
import { charts } from 'optlab/core';

/** Light (high f) to dark (low f), after matplotlib's viridis reversed. */
const ANCHORS = [
  [253, 231, 37],
  [94, 201, 98],
  [33, 145, 140],
  [59, 82, 139],
  [68, 1, 84],
].reverse();

function bandColor(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (ANCHORS.length - 1);
  const i = Math.min(Math.floor(x), ANCHORS.length - 2);
  const u = x - i;
  const a = ANCHORS[i]!;
  const b = ANCHORS[i + 1]!;
  // lighten a little so paths stay visible on top
  return [0, 1, 2].map((k) => Math.round((a[k]! * (1 - u) + b[k]! * u) * 0.8 + 255 * 0.2)) as [
    number,
    number,
    number,
  ];
}

export interface MapPath {
  color: string;
  label: string;
  x: number[][];
}

export interface MapView {
  xRange: [number, number];
  yRange: [number, number];
  grid: { nx: number; ny: number; z: Float64Array } | null;
  logLevels: boolean;
  start: [number, number];
  minimum: [number, number] | null;
  paths: MapPath[];
  /** Draw each path up to this many steps. */
  upTo: number;
}

const PAD = { l: 48, r: 12, t: 12, b: 36 };

export class ContourCanvas {
  readonly canvas: HTMLCanvasElement;
  private background: HTMLCanvasElement | null = null;
  private backgroundKey = '';
  private view: MapView | null = null;

  constructor(onPick: (x: number, y: number) => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map';
    this.canvas.addEventListener('click', (e) => {
      if (!this.view) return;
      const r = this.canvas.getBoundingClientRect();
      const [x, y] = this.toData(e.clientX - r.left, e.clientY - r.top, r.width, r.height);
      if (
        x >= this.view.xRange[0] &&
        x <= this.view.xRange[1] &&
        y >= this.view.yRange[0] &&
        y <= this.view.yRange[1]
      )
        onPick(x, y);
    });
  }

  private toData(px: number, py: number, w: number, h: number): [number, number] {
    const v = this.view!;
    const x = v.xRange[0] + ((px - PAD.l) / (w - PAD.l - PAD.r)) * (v.xRange[1] - v.xRange[0]);
    const y = v.yRange[1] - ((py - PAD.t) / (h - PAD.t - PAD.b)) * (v.yRange[1] - v.yRange[0]);
    return [x, y];
  }

  /** Draws `v` at the canvas's CSS size. */
  render(v: MapView): void {
    this.view = v;
    const cssW = this.canvas.clientWidth || 640;
    const cssH = this.canvas.clientHeight || 480;
    const dpr = window.devicePixelRatio || 1;
    if (
      this.canvas.width !== Math.round(cssW * dpr) ||
      this.canvas.height !== Math.round(cssH * dpr)
    ) {
      this.canvas.width = Math.round(cssW * dpr);
      this.canvas.height = Math.round(cssH * dpr);
      this.backgroundKey = '';
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const pw = cssW - PAD.l - PAD.r;
    const ph = cssH - PAD.t - PAD.b;
    const X = (x: number) => PAD.l + ((x - v.xRange[0]) / (v.xRange[1] - v.xRange[0])) * pw;
    const Y = (y: number) => PAD.t + ((v.yRange[1] - y) / (v.yRange[1] - v.yRange[0])) * ph;
    if (v.grid) {
      const key = `${cssW}x${cssH}@${dpr}/${v.xRange}/${v.yRange}/${v.grid.z.length}/${v.grid.z[0]}/${v.logLevels}`;
      if (key !== this.backgroundKey) {
        this.background = this.drawBackground(v, pw, ph, X, Y, dpr, cssW, cssH);
        this.backgroundKey = key;
      }
      ctx.drawImage(this.background!, 0, 0, cssW, cssH);
    }
    // frame and axes
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 0.8;
    ctx.strokeRect(PAD.l, PAD.t, pw, ph);
    ctx.fillStyle = '#000';
    ctx.font = "11px 'DejaVu Sans', sans-serif";
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(v.xRange)) {
      ctx.beginPath();
      ctx.moveTo(X(t), PAD.t + ph);
      ctx.lineTo(X(t), PAD.t + ph + 4);
      ctx.stroke();
      ctx.fillText(String(t), X(t), PAD.t + ph + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(v.yRange)) {
      ctx.beginPath();
      ctx.moveTo(PAD.l - 4, Y(t));
      ctx.lineTo(PAD.l, Y(t));
      ctx.stroke();
      ctx.fillText(String(t), PAD.l - 6, Y(t));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('x', PAD.l + pw / 2, cssH - 4);
    ctx.save();
    ctx.translate(12, PAD.t + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('y', 0, 0);
    ctx.restore();
    // paths, clipped to the frame
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.l, PAD.t, pw, ph);
    ctx.clip();
    for (const p of v.paths) {
      const n = Math.min(p.x.length, v.upTo + 1);
      ctx.strokeStyle = p.color;
      ctx.fillStyle = p.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      let started = false;
      for (let k = 0; k < n; k++) {
        const [x, y] = p.x[k]!;
        if (!Number.isFinite(x!) || !Number.isFinite(y!)) break;
        const cx = clampPx(X(x!));
        const cy = clampPx(Y(y!));
        if (!started) ctx.moveTo(cx, cy);
        else ctx.lineTo(cx, cy);
        started = true;
      }
      ctx.stroke();
      if (p.x.length <= 160) {
        for (let k = 0; k < n; k++) {
          const [x, y] = p.x[k]!;
          if (!Number.isFinite(x!) || !Number.isFinite(y!)) break;
          ctx.beginPath();
          ctx.arc(clampPx(X(x!)), clampPx(Y(y!)), 2.4, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    }
    if (v.minimum) {
      const [mx, my] = v.minimum;
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(X(mx) - 6, Y(my) - 6);
      ctx.lineTo(X(mx) + 6, Y(my) + 6);
      ctx.moveTo(X(mx) + 6, Y(my) - 6);
      ctx.lineTo(X(mx) - 6, Y(my) + 6);
      ctx.stroke();
    }
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(X(v.start[0]), Y(v.start[1]), 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  }

  private drawBackground(
    v: MapView,
    pw: number,
    ph: number,
    X: (x: number) => number,
    Y: (y: number) => number,
    dpr: number,
    cssW: number,
    cssH: number,
  ): HTMLCanvasElement {
    const g = v.grid!;
    const xs = Array.from(
      { length: g.nx },
      (_, i) => v.xRange[0] + ((v.xRange[1] - v.xRange[0]) * i) / (g.nx - 1),
    );
    const ys = Array.from(
      { length: g.ny },
      (_, j) => v.yRange[0] + ((v.yRange[1] - v.yRange[0]) * j) / (g.ny - 1),
    );
    const grid = { xs, ys, z: g.z };
    const levels = charts.contourLevels(grid, 16, v.logLevels ? 'log' : 'sqrt');
    const bg = document.createElement('canvas');
    bg.width = Math.round(cssW * dpr);
    bg.height = Math.round(cssH * dpr);
    const ctx = bg.getContext('2d')!;
    // bands: pixel by pixel, bilinear in the grid
    const W = Math.round(pw * dpr);
    const H = Math.round(ph * dpr);
    const img = ctx.createImageData(W, H);
    const colors = Array.from({ length: levels.length + 1 }, (_, k) =>
      bandColor(k / levels.length),
    );
    for (let py = 0; py < H; py++) {
      const fy = (1 - py / (H - 1)) * (g.ny - 1);
      const j = Math.min(Math.floor(fy), g.ny - 2);
      const v1 = fy - j;
      for (let px = 0; px < W; px++) {
        const fx = (px / (W - 1)) * (g.nx - 1);
        const i = Math.min(Math.floor(fx), g.nx - 2);
        const u = fx - i;
        const z =
          (1 - v1) * ((1 - u) * g.z[j * g.nx + i]! + u * g.z[j * g.nx + i + 1]!) +
          v1 * ((1 - u) * g.z[(j + 1) * g.nx + i]! + u * g.z[(j + 1) * g.nx + i + 1]!);
        let b = 0;
        while (b < levels.length && z > levels[b]!) b++;
        const c = Number.isFinite(z) ? colors[b]! : ([255, 255, 255] as const);
        const o = 4 * (py * W + px);
        img.data[o] = c[0];
        img.data[o + 1] = c[1];
        img.data[o + 2] = c[2];
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, Math.round(PAD.l * dpr), Math.round(PAD.t * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = 'rgba(0,0,0,0.35)';
    ctx.lineWidth = 0.7;
    for (const line of charts.marchingSquares(grid, levels)) {
      ctx.beginPath();
      line.points.forEach(([x, y], k) => {
        if (k === 0) ctx.moveTo(X(x), Y(y));
        else ctx.lineTo(X(x), Y(y));
      });
      ctx.stroke();
    }
    return bg;
  }
}

/** Canvas coordinates far outside the frame are clamped (the clip hides them; huge values break drawing). */
function clampPx(v: number): number {
  return Math.max(-1e4, Math.min(1e4, v));
}

/** About five round ticks over a range. */
function ticks([a, b]: [number, number]): number[] {
  const raw = (b - a) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + 1e-9; t += step)
    out.push(Number(t.toPrecision(6)));
  return out;
}
