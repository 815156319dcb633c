/**
 * A dashboard run: an `optlab train` configuration set up by the library's
 * `setupTraining` (the CLI's own code path) on the built-in digits and trained
 * by the library's loop, reporting its steps and epochs as it goes. A shared
 * control word (when the page is cross-origin isolated) pauses and stops it
 * between updates; without one, stopping terminates the worker.
 *
 * Throughput: training samples per second of update time (forward, backward
 * and optimizer step, excluding the end-of-epoch evaluation and pauses).
 */
import { backend, train } from 'optlab/core';
import { builtinDigits } from './digits.js';

/** Control word values (Int32Array slot 0). */
export const RUN = 0;
export const PAUSE = 1;
export const STOP = 2;

export interface TrainRequest {
  config: unknown;
  digitsUrl: string;
  control?: SharedArrayBuffer;
  /** Steps per progress message (default 10). */
  every?: number;
}

export type TrainEvent =
  | {
      kind: 'start';
      parameters: number;
      train: number;
      validation: number;
      test: number;
      backend: string;
      stepsPerEpoch: number;
      totalSteps: number;
    }
  | { kind: 'steps'; step: number[]; loss: number[]; accuracy: number[]; samplesPerSecond: number }
  | { kind: 'epoch'; info: train.EpochInfo }
  | { kind: 'paused' }
  | { kind: 'resumed' }
  | {
      kind: 'done';
      reason: string;
      testLoss: number;
      testAccuracy: number;
      samplesPerSecond: number;
      steps: number;
      seconds: number;
    };

export async function runTraining(r: TrainRequest, post: (e: TrainEvent) => void): Promise<void> {
  const cfg = train.trainConfigSchema.parse(r.config);
  if (cfg.data !== 'mnist')
    throw new Error(`the lab trains on the built-in digits only (data: mnist), not ${cfg.data}`);
  const setup = train.setupTraining(cfg, await builtinDigits(r.digitsUrl));
  const ctrl = r.control ? new Int32Array(r.control) : null;
  const every = r.every ?? 10;
  const stepsPerEpoch = Math.ceil(setup.train.n / Math.min(cfg.batchSize, setup.train.n));
  post({
    kind: 'start',
    parameters: setup.model.size,
    train: setup.train.n,
    validation: setup.validation?.n ?? 0,
    test: setup.test.n,
    backend: backend.backend().name,
    stepsPerEpoch,
    totalSteps: cfg.iterations ?? cfg.epochs * stepsPerEpoch,
  });
  let buf = { step: [] as number[], loss: [] as number[], accuracy: [] as number[] };
  let busy = 0; // ms spent in updates
  let samples = 0;
  let last = performance.now();
  const t0 = last;
  const rate = () => (busy > 0 ? (1000 * samples) / busy : 0);
  const flush = () => {
    if (buf.step.length === 0) return;
    post({ kind: 'steps', ...buf, samplesPerSecond: rate() });
    buf = { step: [], loss: [], accuracy: [] };
  };
  const history = await train.fit(
    setup.model,
    { data: setup.train },
    {
      ...setup.fitOptions,
      recordSteps: false,
      callbacks: {
        onStep(info) {
          const now = performance.now();
          busy += now - last;
          samples += Math.min(cfg.batchSize, setup.train.n);
          buf.step.push(info.step);
          buf.loss.push(info.loss);
          buf.accuracy.push(info.accuracy);
          if (buf.step.length >= every) flush();
          if (ctrl && Atomics.load(ctrl, 0) === PAUSE) {
            flush();
            post({ kind: 'paused' });
            while (Atomics.load(ctrl, 0) === PAUSE) Atomics.wait(ctrl, 0, PAUSE, 1000);
            post({ kind: 'resumed' });
          }
          last = performance.now();
          return ctrl && Atomics.load(ctrl, 0) === STOP ? 'stop' : undefined;
        },
        onEpoch(info) {
          flush();
          post({ kind: 'epoch', info });
          last = performance.now();
          return ctrl && Atomics.load(ctrl, 0) === STOP ? 'stop' : undefined;
        },
      },
    },
  );
  flush();
  setup.model.eval();
  const t = train.evaluate(setup.model, { data: setup.test });
  post({
    kind: 'done',
    reason: history.reason,
    testLoss: t.loss,
    testAccuracy: t.accuracy,
    samplesPerSecond: rate(),
    steps: Math.round(samples / Math.min(cfg.batchSize, setup.train.n)),
    seconds: (performance.now() - t0) / 1000,
  });
}
