/**
 * `optlab train --config FILE --lr-range-test [--lr-min A] [--lr-max B]
 * [--lr-steps N] [--out DIR]`: instead of training, sweep the config
 * optimizer's learning rate exponentially from A to B over N steps (Smith 2017,
 * §3.3; see train/lrRangeTest.ts), print a table and the suggestion to stderr,
 * and write lr-range.csv, lr-range.json and an lr-range.png chart into DIR.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../data/index.js';
import type { Model } from '../../nn/index.js';
import type { Schedule, Transform } from '../../optim/index.js';
import { formatTable, lineChartSpec, writeCsv, writeFigure } from '../../report/index.js';
import { lrRangeTest } from '../../train/index.js';
import { writeJsonAtomic } from '../../util/index.js';
import type { Io } from '../io.js';
import { SpecError } from '../spec.js';

export interface LrRangeFlags {
  lrMin?: string;
  lrMax?: string;
  lrSteps?: string;
}

function num(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x))
    throw new SpecError(`invalid spec: ${flag} must be a number, got '${v}'`);
  return x;
}

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
  const lrMin = num('--lr-min', o.flags.lrMin, 1e-7);
  const lrMax = num('--lr-max', o.flags.lrMax, 10);
  const steps = num('--lr-steps', o.flags.lrSteps, 100);
  let r: Awaited<ReturnType<typeof lrRangeTest>>;
  try {
    r = await lrRangeTest(
      model,
      { data: train },
      {
        optimizer: o.optimizer,
        batchSize: o.batchSize,
        lrMin,
        lrMax,
        steps,
        seed: o.seed,
      },
    );
  } catch (e) {
    if (e instanceof RangeError) throw new SpecError(`invalid spec: ${e.message}`);
    throw e;
  }
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
    lrMin,
    lrMax,
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
