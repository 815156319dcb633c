/**
 * Figures of a study from its trial records (issue 8's results: the value
 * against each parameter, the best value so far against the number of trials,
 * the learning curves of the best trials), as chart specs of src/report, so an
 * experiment, the CLI or the browser lab can draw them. Pure data: no Node.
 *
 * Conventions: only complete trials are drawn as results (pruned and failed
 * ones have no final value); "best" follows the study's direction; "trial" on
 * an x axis counts finished trials in the order they finished (1, 2, …), the
 * budget spent. A log axis is chosen for a parameter when the search space
 * (option `space`) declares it log-scaled, unless `log` says otherwise.
 */

import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';
import {
  type ChartSpec,
  type GridCell,
  type LegendPosition,
  type LineSeries,
  lineChartSpec,
  lineGridSpec,
  scatterSpec,
} from '../report/index.js';
import { trialsTable } from './results.js';
import type { SearchSpace } from './space.js';
import type { TrialRecord } from './storage.js';

export type Direction = 'minimize' | 'maximize';

interface Common {
  title: string;
  subtitle?: string;
  width?: number;
  height?: number;
}

/** Complete trials, best first (ties: lower number first). */
export function rankTrials(
  trials: readonly TrialRecord[],
  direction: Direction = 'minimize',
): TrialRecord[] {
  const sign = direction === 'maximize' ? -1 : 1;
  return trials
    .filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value))
    .sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
}

/** A compact number for labels: 3 significant digits, exponent form below 1e-3. */
export function shortNumber(v: number): string {
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1).replace('e-', 'e−');
  return String(Number(v.toPrecision(3)));
}

function isLog(space: SearchSpace | undefined, name: string): boolean {
  const s = space?.[name];
  return s !== undefined && (s.type === 'loguniform' || (s.type === 'int' && s.log === true));
}

/**
 * The search range of a numeric parameter (not padded: the chart's scale would
 * round a padded domain out to the next "nice" values, a decade on log axes).
 */
function searchRange(space: SearchSpace | undefined, name: string): [number, number] | undefined {
  const s = space?.[name];
  return s === undefined || s.type === 'categorical' ? undefined : [s.low, s.high];
}

function numeric(t: TrialRecord, name: string): number {
  const v = t.params[name];
  return typeof v === 'number' ? v : Number.NaN;
}

export interface ParamScatterOptions extends Common {
  direction?: Direction;
  space?: SearchSpace;
  /** Log x axis (default: from `space`). */
  log?: boolean;
  /** x domain (default: the parameter's range in `space`). */
  xDomain?: [number, number];
  paramTitle?: string;
  valueTitle?: string;
  /** Ring the best `highlightTop` trials (default 0). */
  highlightTop?: number;
  /** Colour the points by another parameter (log-coloured if log-scaled in `space`). */
  colorBy?: { param: string; title?: string };
  yDomain?: [number, number];
}

/** The final value of every complete trial against one parameter. */
export function paramScatterSpec(
  trials: readonly TrialRecord[],
  param: string,
  o: ParamScatterOptions,
): ChartSpec {
  const done = rankTrials(trials, o.direction);
  const top = o.highlightTop ?? 0;
  const x = done.map((t) => numeric(t, param));
  const y = done.map((t) => t.value!);
  const spec: Parameters<typeof scatterSpec>[0] = {
    title: o.title,
    x,
    y,
    xTitle: o.paramTitle ?? param,
    yTitle: o.valueTitle ?? 'value',
    logX: o.log ?? isLog(o.space, param),
    highlight: Array.from({ length: Math.min(top, done.length) }, (_, i) => i),
  };
  if (o.colorBy) {
    const log = isLog(o.space, o.colorBy.param);
    spec.color = done.map((t) => {
      const c = numeric(t, o.colorBy!.param);
      return log ? Math.log10(c) : c;
    });
    spec.colorTitle = o.colorBy.title ?? (log ? `log10 ${o.colorBy.param}` : o.colorBy.param);
  }
  const xDomain = o.xDomain ?? searchRange(o.space, param);
  if (xDomain !== undefined) spec.xDomain = xDomain;
  if (o.subtitle !== undefined) spec.subtitle = o.subtitle;
  if (o.width !== undefined) spec.width = o.width;
  if (o.height !== undefined) spec.height = o.height;
  if (o.yDomain !== undefined) spec.yDomain = o.yDomain;
  return scatterSpec(spec);
}

export interface ParamPairOptions extends Common {
  direction?: Direction;
  space?: SearchSpace;
  xTitle?: string;
  yTitle?: string;
  valueTitle?: string;
  highlightTop?: number;
}

/** Two parameters against each other, each trial coloured by its value (DLFS fig 6-24's search). */
export function paramPairSpec(
  trials: readonly TrialRecord[],
  px: string,
  py: string,
  o: ParamPairOptions,
): ChartSpec {
  const done = rankTrials(trials, o.direction);
  const spec: Parameters<typeof scatterSpec>[0] = {
    title: o.title,
    x: done.map((t) => numeric(t, px)),
    y: done.map((t) => numeric(t, py)),
    color: done.map((t) => t.value!),
    colorTitle: o.valueTitle ?? 'value',
    colorReverse: (o.direction ?? 'minimize') === 'minimize',
    xTitle: o.xTitle ?? px,
    yTitle: o.yTitle ?? py,
    logX: isLog(o.space, px),
    logY: isLog(o.space, py),
    highlight: Array.from({ length: Math.min(o.highlightTop ?? 0, done.length) }, (_, i) => i),
  };
  const xDomain = searchRange(o.space, px);
  const yDomain = searchRange(o.space, py);
  if (xDomain !== undefined) spec.xDomain = xDomain;
  if (yDomain !== undefined) spec.yDomain = yDomain;
  if (o.subtitle !== undefined) spec.subtitle = o.subtitle;
  if (o.width !== undefined) spec.width = o.width;
  if (o.height !== undefined) spec.height = o.height;
  return scatterSpec(spec);
}

/** Best complete value after each finished trial (NaN before the first). */
export function bestSoFar(
  trials: readonly TrialRecord[],
  direction: Direction = 'minimize',
): number[] {
  return trialsTable([...trials], direction).map((r) => r.bestSoFar ?? Number.NaN);
}

export interface BestSoFarOptions extends Common {
  direction?: Direction;
  valueTitle?: string;
  xTitle?: string;
  yDomain?: [number, number];
  legend?: LegendPosition;
}

/**
 * Best value so far against trials spent, one line per study (e.g. per
 * sampler), drawn as a staircase: the best value only changes at a trial.
 */
export function bestSoFarSpec(
  studies: readonly { name: string; trials: readonly TrialRecord[]; dashed?: boolean }[],
  o: BestSoFarOptions,
): ChartSpec {
  const series: LineSeries[] = studies.map((s) => {
    const y = bestSoFar(s.trials, o.direction);
    const first = y.findIndex((v) => Number.isFinite(v));
    const xs: number[] = [];
    const ys: number[] = [];
    if (first >= 0) {
      for (let i = first; i < y.length; i++) {
        if (i > first && y[i] !== y[i - 1]) {
          xs.push(i + 1);
          ys.push(y[i - 1]!);
        }
        xs.push(i + 1);
        ys.push(y[i]!);
      }
    }
    return {
      name: s.name,
      x: xs,
      y: ys,
      ...(s.dashed ? { dashed: true } : {}),
    };
  });
  return lineChartSpec({
    title: o.title,
    ...(o.subtitle !== undefined ? { subtitle: o.subtitle } : {}),
    ...(o.width !== undefined ? { width: o.width } : {}),
    ...(o.height !== undefined ? { height: o.height } : {}),
    ...(o.yDomain !== undefined ? { yDomain: o.yDomain } : {}),
    series,
    xTitle: o.xTitle ?? 'trials',
    yTitle: o.valueTitle ?? 'best value so far',
    legend: o.legend ?? 'right',
  });
}

export interface TopCurvesOptions extends Common {
  direction?: Direction;
  /** Number of trials shown (default 20, DLFS fig 6-24). */
  k?: number;
  /** Panels per row (default 5). */
  columns?: number;
  xTitle?: string;
  yTitle?: string;
  /** Name of the reported curve in the legend (default 'reported'). */
  curveName?: string;
  /** Panel title (default "#rank value"). */
  label?: (t: TrialRecord, rank: number) => string;
  /** More curves per trial (e.g. training accuracy), drawn beside the reported one. */
  extra?: (t: TrialRecord) => LineSeries[];
  yDomain?: [number, number];
}

/**
 * The intermediate values (learning curves) of the best k trials as small
 * multiples, best first — DLFS fig 6-24's "Best-1 … Best-20" panels.
 */
export function topCurvesSpec(trials: readonly TrialRecord[], o: TopCurvesOptions): ChartSpec {
  const { k } = parseOptions('topCurves', z.object({ k: count().default(20) }), { k: o.k });
  const best = rankTrials(trials, o.direction).slice(0, k);
  if (best.length === 0) throw new RangeError('topCurves: the study has no complete trial');
  const label = o.label ?? ((t: TrialRecord, r: number) => `#${r} ${shortNumber(t.value!)}`);
  const cells: GridCell[] = best.map((t, i) => ({
    title: label(t, i + 1),
    series: [
      {
        name: o.curveName ?? 'reported',
        x: t.intermediate.map(([s]) => s),
        y: t.intermediate.map(([, v]) => v),
      },
      ...(o.extra ? o.extra(t) : []),
    ],
  }));
  return lineGridSpec({
    title: o.title,
    ...(o.subtitle !== undefined ? { subtitle: o.subtitle } : {}),
    ...(o.width !== undefined ? { width: o.width } : {}),
    ...(o.height !== undefined ? { height: o.height } : {}),
    ...(o.yDomain !== undefined ? { yDomain: o.yDomain } : {}),
    cells,
    columns: o.columns ?? 5,
    xTitle: o.xTitle ?? 'step',
    yTitle: o.yTitle ?? 'value',
  });
}
