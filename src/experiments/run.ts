/**
 * Runs an experiment and writes what it found: results.json (settings, seed,
 * versions, summary, checks, every series), one CSV per series, each figure as
 * SVG and PNG (and its Vega-Lite spec), and a self-contained report.html.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import { writeCsv } from '../report/csv.js';
import { type ReportFigure, writeReport } from '../report/html.js';
import { makeDir, writeJsonAtomic } from '../util/index.js';
import { formatConsoleChecks, formatConsoleTable, wrapText } from './consoleTable.js';
import type { Experiment, ExperimentResult, Progress } from './types.js';
import { versions } from './versions.js';

const fn = <T>() => z.custom<T>((v) => typeof v === 'function', { message: 'must be a function' });

/** The options of {@link runExperiment}, with their defaults. */
export const runOptionsSchema = z.strictObject({
  /** The quick form (smaller settings, seconds instead of minutes). Default false. */
  quick: z.boolean().default(false),
  /** Seed of the experiment's generator (any integer). Default 0. */
  seed: z.number().int().default(0),
  /** Output folder for this experiment (files are written straight into it). */
  out: z.string().min(1),
  /** Data set name or folder. Default 'mnist'. */
  data: z.string().default('mnist'),
  /** Progress bar callbacks. Default: none. */
  progress: z
    .custom<Progress>(
      (v) => v !== null && typeof v === 'object' && 'start' in v && 'tick' in v && 'stop' in v,
      { message: 'must be a Progress {start, tick, stop}' },
    )
    .default({ start() {}, tick() {}, stop() {} }),
  /** Where the summary and log lines go (default: nowhere). */
  write: fn<(s: string) => void>().default(() => () => {}),
  /** Render figures (SVG/PNG/report); tests of the numbers alone may skip it for speed. Default true. */
  figures: z.boolean().default(true),
});

export type RunOptions = z.input<typeof runOptionsSchema>;

export interface RunRecord extends ExperimentResult {
  name: string;
  seconds: number;
  files: string[];
}

/**
 * Runs `exp` and writes its results into `o.out` (see the module note);
 * returns the record with every file written.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { findExperiment, runExperiment } from 'optlab';
 * const out = mkdtempSync(join(tmpdir(), 'optlab-run-'));
 * const r = await runExperiment(findExperiment('conjugate-gradient'), {
 *   quick: true,
 *   out,
 *   figures: false,
 * });
 * for (const c of r.checks) console.log(c.passed ? 'holds' : 'FAILS', c.name);
 * console.log(r.files.length, 'files in', out);
 * ```
 */
export async function runExperiment(exp: Experiment, options: RunOptions): Promise<RunRecord> {
  const o = parseOptions('runExperiment', runOptionsSchema, options);
  const { seed, quick, write, progress } = o;
  const log: string[] = [];
  makeDir(o.out); // before the work: an unwritable folder fails at once
  const t0 = performance.now();
  const result = await exp.run({
    quick,
    seed,
    rng: new Rng(seed),
    data: o.data,
    progress,
    log: (m) => {
      log.push(m);
      write(`${wrapText(m, 100).join('\n')}\n`);
    },
  });
  progress.stop();
  const seconds = (performance.now() - t0) / 1000;
  const files: string[] = [];
  for (const [name, cols] of Object.entries(result.series)) {
    const f = join(o.out, `${name}.csv`);
    await writeCsv(f, cols);
    files.push(f);
  }
  const figs: ReportFigure[] = [];
  if (o.figures) {
    // the chart renderer (vega, resvg) loads only when figures are wanted
    const { writeFigure } = await import('../report/figures.js');
    for (const fig of result.figures) {
      const r = await writeFigure(o.out, fig.name, fig.spec);
      files.push(r.files.svg, r.files.png);
      figs.push({ title: fig.title, svg: r.svg, ...(fig.caption ? { caption: fig.caption } : {}) });
    }
  }
  const v = versions();
  const resultsPath = join(o.out, 'results.json');
  await writeJsonAtomic(resultsPath, {
    experiment: exp.name,
    title: exp.title,
    quick,
    seed,
    seconds,
    date: new Date().toISOString(),
    versions: v,
    settings: result.settings,
    summary: result.summary,
    checks: result.checks,
    log,
    series: result.series,
    ...(result.extra ? { extra: result.extra } : {}),
  });
  files.push(resultsPath);
  if (o.figures) {
    const reportPath = await writeReport(o.out, {
      title: exp.title,
      meta: `optlab run ${exp.name}${quick ? ' --quick' : ''} --seed ${seed} · ${seconds.toFixed(1)} s · ${new Date().toISOString().slice(0, 10)}`,
      description: `${exp.description}\n\nExpected: ${exp.expected}`,
      settings: { ...result.settings, seed, quick },
      summary: result.summary,
      checks: result.checks,
      figures: figs,
      versions: v,
    });
    files.push(reportPath);
  }
  if (result.summary.length > 0)
    write(`${formatConsoleTable(result.summary, { title: exp.title })}\n`);
  if (result.checks.length > 0) write(`${formatConsoleChecks(result.checks)}\n`);
  write(`wrote ${files.length} files to ${o.out} (${seconds.toFixed(1)} s)\n`);
  return { ...result, name: exp.name, seconds, files };
}
