/**
 * What an experiment is: a function from options to a result object. The runner
 * (run.ts) turns the result into files (results.json, CSV, SVG/PNG figures, a
 * self-contained report.html) and a terminal summary.
 */

import type { Rng } from '../random/index.js';
import type { Check, Columns } from '../report/index.js';
import type { ChartSpec } from '../report/spec.js';
import type { Progress } from '../train/types.js';

export type { Check } from '../report/index.js';
export type { Progress } from '../train/types.js';

export interface ExperimentContext {
  /** The quick form (well under a minute on 2 cores) rather than the book's setting. */
  quick: boolean;
  seed: number;
  /** The generator every random choice of the run comes from (seeded with `seed`). */
  rng: Rng;
  /** Dataset: 'mnist' (built-in digits unless a directory is given), 'fashion-mnist', or a directory. */
  data: string;
  progress: Progress;
  /** A line of commentary (shown above the bar, kept in results.json). */
  log(message: string): void;
}

export interface Figure {
  /** File-name stem, e.g. 'paths'. */
  name: string;
  title: string;
  spec: ChartSpec;
  caption?: string;
}

export type Cell = string | number | boolean | null;

export interface ExperimentResult {
  /** The settings actually used (written to results.json and the report). */
  settings: Record<string, unknown>;
  /** Summary table rows, e.g. one per optimizer. */
  summary: Record<string, Cell>[];
  /** Named series, each written as `<name>.csv` (columns of equal length). */
  series: Record<string, Columns>;
  figures: Figure[];
  /** Whether the expected outcome held, each computed from the data. */
  checks: Check[];
  /** Anything else worth keeping in results.json. */
  extra?: Record<string, unknown>;
}

export interface Experiment {
  /** Command-line name, e.g. 'optimizer-paths'. */
  name: string;
  title: string;
  /** One line for `optlab list`. */
  summary: string;
  /** A paragraph for the report: what it shows and where in the books. */
  description: string;
  /** What the books lead us to expect. */
  expected: string;
  run(ctx: ExperimentContext): Promise<ExperimentResult>;
}
