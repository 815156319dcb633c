/**
 * `optlab train --config FILE --lr-range-test [--lr-min A] [--lr-max B]
 * [--lr-steps N] [--out DIR]`: instead of training, sweep the config
 * optimizer's learning rate exponentially from A to B over N steps (Smith 2017,
 * §3.3; see train/lrRangeTest.ts), print a table and the suggestion to stderr,
 * and write lr-range.csv, lr-range.json and an lr-range.png chart into DIR.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Dataset } from '../../data/index.js';
import type { Model } from '../../nn/index.js';
import type { Schedule, Transform } from '../../optim/index.js';
import { formatTable, lineChartSpec, writeCsv, writeFigure } from '../../report/index.js';
import { lrRangeTest } from '../../train/index.js';
import { lrRangeTestSchema } from '../../train/lrRangeTest.js';
import { writeJsonAtomic } from '../../util/index.js';
import type { Io } from '../io.js';

/** The flags of the range test, as numbers (commander parses them with {@link numberArg}). */
export interface LrRangeFlags {
  lrMin?: number;
  lrMax?: number;
  lrSteps?: number;
}

/** A flag's number (its range is checked by lrRangeTest's options). */
export function numberArg(v: string): number {
  const x = v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(x)) throw new InvalidArgumentError('must be a number');
  return x;
}

/** The flags of `optlab train` for the range test, their defaults read from lrRangeTest's options. */
export const LR_RANGE_FLAGS = [
  ['--lr-min <lr>', 'smallest lr of the range test', 'lrMin'],
  ['--lr-max <lr>', 'largest lr of the range test', 'lrMax'],
  ['--lr-steps <n>', 'steps of the range test', 'steps'],
].map(([flag, what, key]) => {
  const d = lrRangeTestSchema.shape[key as 'lrMin' | 'lrMax' | 'steps'].parse(undefined);
  return { flag: flag!, description: `${what} (default ${d})` };
});

/** Runs the range test on a fresh `model` and writes its files into `out`. */
export async function lrRangeCommand(
  model: Model,
  train: Dataset,
  o: {
    optimizer: (lr: Schedule) => Transform<unknown>;
    batchSize: number;
    seed: number;
    out: string;
    flags: LrRangeFlags;
  },
  io: Io,
): Promise<void> {
  const { lrMin, lrMax, lrSteps } = o.flags;
  // a bad range (lrMax ≤ lrMin) is an OptionError naming the option: status 2 (errors.ts)
  const r = await lrRangeTest(
    model,
    { data: train },
    {
      optimizer: o.optimizer,
      batchSize: o.batchSize,
      ...(lrMin !== undefined ? { lrMin } : {}),
      ...(lrMax !== undefined ? { lrMax } : {}),
      ...(lrSteps !== undefined ? { steps: lrSteps } : {}),
      seed: o.seed,
    },
  );
  const { lrMin: min, lrMax: max, steps } = r.settings;
  const n = r.lrs.length;
  mkdirSync(o.out, { recursive: true });
  const stride = Math.max(1, Math.ceil(n / 12));
  const rows = r.lrs
    .map((lr, i) => ({ step: i, lr, loss: r.losses[i]!, smoothed: r.smoothed[i]! }))
    .filter((_, i) => i % stride === 0 || i === n - 1);
  await writeCsv(join(o.out, 'lr-range.csv'), {
    step: r.lrs.map((_, i) => i),
    lr: r.lrs,
    loss: r.losses,
    smoothed: r.smoothed,
  });
  await writeJsonAtomic(join(o.out, 'lr-range.json'), {
    lrMin: min,
    lrMax: max,
    steps,
    stoppedBy: r.stoppedBy,
    suggestion: r.suggestion,
  });
  await writeFigure(
    o.out,
    'lr-range',
    lineChartSpec({
      title: 'Learning-rate range test',
      subtitle: `steepest fall at lr ${r.suggestion.steepest.toPrecision(2)}; minimum/10 = ${r.suggestion.minOver10.toPrecision(2)}`,
      series: [
        { name: 'loss', x: r.lrs, y: r.losses },
        { name: 'smoothed (EMA 0.98)', x: r.lrs, y: r.smoothed },
      ],
      xTitle: 'learning rate',
      yTitle: 'training loss (minibatch)',
      // the blow-up at the end would flatten the part that matters
      yDomain: [0, 1.5 * Math.max(r.smoothed[0]!, ...r.losses.slice(0, Math.ceil(n / 10)))],
      logX: true,
      legend: 'top-left',
    }),
  );
  io.err(
    `${formatTable(rows, { title: `lr range test (${n} steps, ${r.stoppedBy})` })}\n` +
      `suggested lr: ${r.suggestion.steepest.toPrecision(3)} (steepest fall of the smoothed loss); ` +
      `${r.suggestion.minOver10.toPrecision(3)} (minimum / 10)\n` +
      `wrote lr-range.csv, lr-range.json and lr-range.png to ${o.out}\n`,
  );
}
