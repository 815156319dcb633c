/**
 * `fitLoop(model, train, options, store)`: the minibatch training loop
 * (browser-safe; `fit` in fit.ts is this loop with checkpoints in files).
 *
 * Each update k: draw a minibatch (shuffled epochs, or DLFS's draw with
 * replacement), g = (1/m) ∇θ Σ L on it (model.lossAndGrad writes the flat
 * gradient), then the optimizer's step over the flat vector θ (one fused pass
 * where the optimizer has one). After each epoch: loss and accuracy on the
 * training set and the validation set, averaged parameters evaluated too,
 * early stopping (monitor, patience, minimum delta, restore the best θ),
 * callbacks, and a checkpoint. A non-finite loss or gradient stops training
 * with an error naming the step; so does a finite loss that blows up, when the
 * divergence guard is on (`divergence`, see divergence.ts). The last checkpoint
 * (written before it) is kept. A resume whose settings differ from the
 * checkpoint's is refused naming each difference (resume.ts); a run that early
 * stopping had ended is not continued.
 *
 * Resuming from a checkpoint restores θ, the model's buffers and generators, the
 * optimizer, sampler and averager states and the history, so the continued run
 * equals one that never stopped, bit for bit.
 */
import { epochSampler, replacementSampler } from '../data/core.js';
import { samplerFromState } from '../data/samplers.js';
import type { Model } from '../nn/index.js';
import { accuracy } from '../nn/losses.js';
import {
  type Averager,
  type AverageState,
  ema,
  step as optimizerStep,
  polyak,
} from '../optim/index.js';
import { Rng } from '../random/index.js';
import { hasBatchNorm, recomputeBatchNorm } from './batchNormStats.js';
import type { CheckpointData, CheckpointStore } from './checkpointStore.js';
import { type DivergenceState, divergenceInit, divergenceUpdate } from './divergence.js';
import { type EarlyState, earlyInit, earlyUpdate } from './earlyStopping.js';
import { TrainingError } from './errors.js';
import { Batcher, evaluate, targetWidth } from './evaluate.js';
import { type FitSettings, fitSettings } from './fitOptions.js';
import { batchOracle } from './oracle.js';
import { adoptOptimizerState, checkResume, fingerprint } from './resume.js';
import type { EpochInfo, FitOptions, History, StepInfo, TrainData } from './types.js';

/** Checks the data against the model (the options are checked by {@link fitSettings}). */
function checkData(model: Model, train: TrainData, o: FitSettings): void {
  if (train.data.n < 1) throw new RangeError('fit: the training set is empty');
  const f = model.params.list[0]?.shape[0];
  if (f !== undefined && model.params.list[0]!.kind === 'weight' && f !== train.data.features) {
    throw new RangeError(
      `fit: the model's first layer takes ${f} inputs but the data rows have ${train.data.features} features`,
    );
  }
  targetWidth(train);
  if (o.validation) targetWidth(o.validation);
}

/** The name of the parameter holding component i of θ. */
function paramAt(model: Model, i: number): string {
  for (const p of model.params.list) if (i >= p.offset && i < p.offset + p.size) return p.name;
  return 'θ';
}

/**
 * The index of the first non-finite entry, or −1. Runs every step over ∇θ, so
 * the common (all finite) case is one branch-free pass: x·0 is 0 for finite x
 * and NaN otherwise, summed in four independent chains.
 */
function hasNonFinite(a: ArrayLike<number>): number {
  const n = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  for (; i < n; i++) s0 += a[i]! * 0;
  if (s0 + s1 + s2 + s3 === 0) return -1;
  for (let j = 0; j < n; j++) if (!Number.isFinite(a[j]!)) return j;
  return -1;
}

/**
 * The loop itself, with checkpoints kept by `store` (files in Node: `fit` of
 * fit.ts; none in a browser, where `checkpoint` and `resume` are refused).
 */
export async function fitLoop(
  model: Model,
  train: TrainData,
  options: FitOptions,
  store: CheckpointStore | null,
): Promise<History> {
  const o = fitSettings(options);
  checkData(model, train, o);
  if (!store && (o.checkpoint || o.resume)) {
    throw new RangeError(
      'fit: checkpoint and resume need a checkpoint store (files: use fit from the Node entry)',
    );
  }
  const n = train.data.n;
  const rng = new Rng(o.seed);
  const sampler =
    o.sampler === 'replacement'
      ? replacementSampler(n, { batchSize: o.batchSize, rng })
      : epochSampler(n, { batchSize: Math.min(o.batchSize, n), rng });
  const totalSteps = o.iterations ?? Math.round(o.epochs * sampler.stepsPerEpoch);
  const theta = model.theta;
  const grad = model.grad;
  let optState = o.optimizer.init(theta);
  const av = o.averaging;
  const averager: Averager | null = av
    ? av.kind === 'polyak'
      ? polyak(av.start === undefined ? {} : { start: av.start })
      : ema(av.decay === undefined ? {} : { decay: av.decay })
    : null;
  let avgState: AverageState | null = averager ? averager.init(theta) : null;
  let early: EarlyState | null = o.earlyStopping ? earlyInit(o.earlyStopping) : null;
  const history: History = {
    steps: [],
    epochs: [],
    bestEpoch: null,
    stoppedEarly: false,
    reason: 'completed',
  };
  let k = 0;
  let epoch = 0;
  const fp = fingerprint(model, train, o, optState);
  const guard = o.divergence || null;
  let guardState: DivergenceState | null = null;
  let finished = false;
  if (o.checkpoint) store!.clean?.(o.checkpoint.dir);

  if (o.resume) {
    const where = typeof o.resume === 'string' ? o.resume : 'the checkpoint given';
    const c = typeof o.resume === 'string' ? store!.load(o.resume) : o.resume;
    const adopted = adoptOptimizerState(c, optState);
    checkResume(adopted.fingerprint, fp, where);
    theta.set(c.theta);
    model.setState(c.model as ReturnType<Model['getState']>);
    optState = adopted.state as typeof optState;
    sampler.setState(c.sampler as ReturnType<typeof sampler.getState>);
    avgState = c.averager as AverageState | null;
    early = c.early as EarlyState | null;
    Object.assign(history, c.history as History);
    k = c.step;
    epoch = c.epoch;
    guardState = (c.divergence as DivergenceState | undefined) ?? null;
    // early stopping ended the run for good; a callback's stop is an interruption that resumes
    finished = c.finished === true && history.reason === 'early-stopping';
    if (history.reason === 'callback') history.reason = 'completed';
  }
  if (guard && !guardState) {
    model.eval();
    guardState = divergenceInit(evaluate(model, train, { limit: guard.startRows }).loss);
  }

  const batcher = new Batcher(train, Math.min(o.batchSize, n), model);
  const regression = targetWidth(train) > 0;
  const record = o.recordSteps;
  const progress = o.progress;
  progress?.start(totalSteps, 'training');
  if (k > 0) progress?.tick(k);
  let epochStart = performance.now();
  let lastCheckpoint: string | null =
    typeof o.resume === 'string' ? `${o.resume}/checkpoint.json` : null;
  const view = { theta, grad, step: k, epoch };

  const saveNow = async () => {
    if (!o.checkpoint) return;
    const data: CheckpointData = {
      step: k,
      epoch,
      theta,
      model: model.getState(),
      optimizer: optState,
      sampler: sampler.getState(),
      averager: avgState,
      early,
      history,
      fingerprint: fp,
      divergence: guardState,
      finished,
      ...(o.settings !== undefined ? { settings: o.settings } : {}),
      ...(o.meta !== undefined ? { meta: o.meta } : {}),
    };
    lastCheckpoint = await store!.save(o.checkpoint.dir, data);
  };

  model.train();
  while (k < totalSteps && !finished) {
    const idx = sampler.next();
    const { x, y } = batcher.batch(idx);
    const { loss, output } = model.forwardBackward(x, y);
    const bad = hasNonFinite(grad);
    if (!Number.isFinite(loss) || bad >= 0) {
      const what = !Number.isFinite(loss)
        ? `the loss is ${loss}`
        : `gradient component ${bad} (in ${paramAt(model, bad)}) is ${grad[bad]}`;
      throw new TrainingError(
        `training diverged at step ${k} (epoch ${epoch}): ${what}; θ was left at the last good step` +
          (lastCheckpoint ? `, and the last checkpoint is ${lastCheckpoint}` : '') +
          ' — try a smaller learning rate or gradient clipping',
        k,
        epoch,
      );
    }
    const why = guard && guardState ? divergenceUpdate(guardState, guard, loss) : null;
    if (why) {
      throw new TrainingError(
        `training diverged at step ${k} (epoch ${epoch}): ${why}; θ was left at the last good step` +
          (lastCheckpoint ? `, and the last checkpoint is ${lastCheckpoint}` : '') +
          ' — try a smaller learning rate or gradient clipping, or set divergence to false',
        k,
        epoch,
      );
    }
    optimizerStep(o.optimizer, theta, grad, optState, batchOracle(model, x, y));
    if (averager && avgState) averager.update(avgState, theta);
    k++;
    const info: StepInfo = {
      step: k,
      epoch,
      loss,
      accuracy: regression ? Number.NaN : accuracy(output, y),
    };
    if (record) history.steps.push(info);
    progress?.tick(1, `loss ${loss.toFixed(4)}`);
    view.step = k;
    if (o.callbacks?.onStep?.(info, view) === 'stop') {
      history.reason = 'callback';
      break;
    }
    if (sampler.endOfEpoch || k === totalSteps) {
      epoch++;
      view.epoch = epoch;
      const e = atEvaluationPoint(model, train, o, optState, () =>
        endOfEpoch(model, train, o, epoch, k, epochStart, avgState),
      );
      history.epochs.push(e);
      epochStart = performance.now();
      let stop = false;
      if (early) {
        const verdict = earlyUpdate(early, e, o.optimizer.evaluationPoint?.(optState) ?? theta);
        if (verdict === 'stop') {
          history.stoppedEarly = true;
          history.reason = 'early-stopping';
          stop = true;
        }
      }
      if (o.callbacks?.onEpoch?.(e, view) === 'stop') {
        history.reason = 'callback';
        stop = true;
      }
      if (stop || k === totalSteps) finished = true;
      const c = o.checkpoint;
      if (c && (epoch % c.everyEpochs === 0 || stop || k === totalSteps)) await saveNow();
      if (stop) break;
    }
  }
  progress?.stop();
  const restoreBest = o.earlyStopping?.restoreBest === true;
  if (early && restoreBest && early.bestTheta) {
    theta.set(early.bestTheta);
    history.bestEpoch = early.bestEpoch;
  }
  if (avgState) history.averaged = avgState.average;
  // schedule-free methods: the trained model is the averaged point x, not the
  // gradient point y the loop kept in θ (batch-norm statistics recomputed for it)
  const point = o.optimizer.evaluationPoint?.(optState);
  if (point && !(early && restoreBest && early.bestTheta)) {
    theta.set(point);
    if (hasBatchNorm(model)) recomputeBatchNorm(model, train, { batches: 20 });
  }
  return history;
}

/**
 * Runs `measure` with θ at the optimizer's evaluation point when it has one
 * (schedule-free: x), batch-norm statistics recomputed there; θ and the
 * statistics are restored afterwards so training continues from y.
 */
function atEvaluationPoint<T>(
  model: Model,
  train: TrainData,
  o: FitSettings,
  optState: unknown,
  measure: () => T,
): T {
  const point = o.optimizer.evaluationPoint?.(optState);
  if (!point) return measure();
  const saved = model.theta.slice();
  const savedBuffers = model.params.buffers.slice();
  model.theta.set(point);
  if (hasBatchNorm(model)) recomputeBatchNorm(model, train, { batches: 20 });
  try {
    return measure();
  } finally {
    model.theta.set(saved);
    model.params.buffers.set(savedBuffers);
  }
}

function endOfEpoch(
  model: Model,
  train: TrainData,
  o: FitSettings,
  epoch: number,
  step: number,
  t0: number,
  avg: AverageState | null,
): EpochInfo {
  model.eval();
  const tr =
    o.trainEvalSize === 0
      ? { loss: Number.NaN, accuracy: Number.NaN }
      : evaluate(model, train, {
          ...(o.trainEvalSize ? { limit: o.trainEvalSize } : {}),
          ...(o.evalBatchSize ? { batchSize: o.evalBatchSize } : {}),
        });
  const va = o.validation
    ? evaluate(model, o.validation, o.evalBatchSize ? { batchSize: o.evalBatchSize } : {})
    : null;
  // without a validation set the epoch has no validation fields (not NaN ones)
  const e: EpochInfo = {
    epoch,
    step,
    trainLoss: tr.loss,
    trainAccuracy: tr.accuracy,
    ...(va ? { valLoss: va.loss, valAccuracy: va.accuracy } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
  if (avg && o.validation) {
    // evaluate with the averaged θ; batch-norm statistics are recomputed for it, then everything restored
    const saved = model.theta.slice();
    const savedBuffers = model.params.buffers.slice();
    model.theta.set(avg.average);
    if (hasBatchNorm(model)) recomputeBatchNorm(model, train, { batches: 20 });
    const r = evaluate(model, o.validation, o.evalBatchSize ? { batchSize: o.evalBatchSize } : {});
    model.theta.set(saved);
    model.params.buffers.set(savedBuffers);
    e.avgValLoss = r.loss;
    e.avgValAccuracy = r.accuracy;
  }
  model.train();
  return e;
}

export { samplerFromState, TrainingError };
