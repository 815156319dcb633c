/**
 * `optlab train --config FILE [--out DIR] [--resume DIR]`: train an MLP on a
 * dataset from a JSON or YAML config, with a progress bar, per-epoch metrics
 * (CSV and JSON), checkpoints and the final model.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { applyStandardize, fitStandardize, loadDataset, splitDataset } from '../../data/index.js';
import { barProgress, lineProgress } from '../../experiments/progress.js';
import { mlp } from '../../nn/index.js';
import { saveModel } from '../../nn/node/index.js';
import { optimizerFromSpec } from '../../optim/spec.js';
import { Rng } from '../../random/index.js';
import { formatTable, writeCsv } from '../../report/index.js';
import { type TrainConfig, trainConfigSchema } from '../../train/config.js';
import { evaluate, fit } from '../../train/index.js';
import { writeJsonAtomic } from '../../util/index.js';
import type { Io } from '../io.js';
import { addCommand } from '../main.js';
import { parseSpec, SpecError } from '../spec.js';
import { type LrRangeFlags, lrRangeCommand } from './lrRange.js';

export function readConfig(path: string): TrainConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SpecError(
      `invalid spec: cannot read config ${JSON.stringify(path)}: ${(e as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new SpecError(
      `invalid spec: config ${path} does not parse: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return parseSpec(trainConfigSchema, raw ?? {});
}

export async function trainCommand(
  o: { config: string; out: string; resume?: string; lrRangeTest?: boolean } & LrRangeFlags,
  io: Io,
): Promise<void> {
  const cfg = readConfig(o.config);
  const out = resolve(o.out);
  const loaded = loadDataset(cfg.data);
  let { train, test } = loaded;
  const split = splitDataset(train, {
    rng: new Rng(cfg.seed),
    ...(cfg.validation > 0 ? { validation: cfg.validation } : {}),
  });
  train = split.train;
  let validation = cfg.validation > 0 ? split.validation : null;
  if (cfg.standardize) {
    const st = fitStandardize(train);
    train = applyStandardize(train, st);
    test = applyStandardize(test, st);
    if (validation) validation = applyStandardize(validation, st);
  }
  const model = mlp({
    sizes: [train.features, ...cfg.model.hidden, train.classes],
    activation: cfg.model.activation,
    init: cfg.model.init,
    batchNorm: cfg.model.batchNorm,
    dropout: cfg.model.dropout,
    dtype: cfg.model.dtype,
    seed: cfg.seed,
  });
  let optimizer: ReturnType<typeof optimizerFromSpec>;
  try {
    optimizer = optimizerFromSpec(cfg.optimizer, {
      ...(cfg.schedule ? { schedule: cfg.schedule } : {}),
      ...(cfg.clip ? { clip: cfg.clip } : {}),
      mask: model.weightDecayMask,
      matrices: { blocks: model.params.matrixBlocks(), size: model.size },
    });
  } catch (e) {
    throw new SpecError(`invalid spec: ${(e as Error).message}`);
  }
  if (o.lrRangeTest) {
    // the config's optimizer with its lr swept (the spec was validated just above)
    const swept = (schedule: (k: number) => number) =>
      optimizerFromSpec(cfg.optimizer, {
        schedule,
        ...(cfg.clip ? { clip: cfg.clip } : {}),
        mask: model.weightDecayMask,
        matrices: { blocks: model.params.matrixBlocks(), size: model.size },
      });
    const args = { optimizer: swept, batchSize: cfg.batchSize, seed: cfg.seed, out, flags: o };
    return lrRangeCommand(model, train, args, io);
  }
  io.err(
    `training ${cfg.model.hidden.length + 1}-layer MLP (${model.size} parameters) on ${loaded.name} (${loaded.source}): ${train.n} training, ${validation?.n ?? 0} validation, ${test.n} test rows\n`,
  );
  const progress = io.isTTY ? barProgress(process.stderr, '') : lineProgress((s) => io.err(s), '');
  const history = await fit(
    model,
    { data: train },
    {
      optimizer,
      batchSize: cfg.batchSize,
      epochs: cfg.epochs,
      ...(cfg.iterations ? { iterations: cfg.iterations } : {}),
      sampler: cfg.sampler,
      ...(validation ? { validation: { data: validation } } : {}),
      ...(cfg.earlyStopping ? { earlyStopping: cfg.earlyStopping } : {}),
      ...(cfg.averaging ? { averaging: cfg.averaging } : {}),
      ...(cfg.trainEvalSize !== undefined ? { trainEvalSize: cfg.trainEvalSize } : {}),
      checkpoint: { dir: out, everyEpochs: cfg.checkpointEvery },
      ...(o.resume ? { resume: resolve(o.resume) } : {}),
      seed: cfg.seed,
      progress,
    },
  );
  model.eval();
  const t = evaluate(model, { data: test });
  const e = history.epochs;
  await writeCsv(join(out, 'epochs.csv'), {
    epoch: e.map((r) => r.epoch),
    step: e.map((r) => r.step),
    train_loss: e.map((r) => r.trainLoss),
    train_accuracy: e.map((r) => r.trainAccuracy),
    val_loss: e.map((r) => r.valLoss),
    val_accuracy: e.map((r) => r.valAccuracy),
    seconds: e.map((r) => r.seconds),
  });
  await writeCsv(join(out, 'steps.csv'), {
    step: history.steps.map((s) => s.step),
    loss: history.steps.map((s) => s.loss),
    accuracy: history.steps.map((s) => s.accuracy),
  });
  await writeJsonAtomic(join(out, 'metrics.json'), {
    config: cfg,
    data: {
      name: loaded.name,
      source: loaded.source,
      train: train.n,
      validation: validation?.n ?? 0,
      test: test.n,
    },
    test: t,
    reason: history.reason,
    bestEpoch: history.bestEpoch,
    epochs: e,
  });
  await saveModel(model, join(out, 'model'));
  io.out(
    `${formatTable(
      e.map((r) => ({
        epoch: r.epoch,
        'train loss': r.trainLoss,
        'train acc': r.trainAccuracy,
        'val loss': r.valLoss,
        'val acc': r.valAccuracy,
        s: r.seconds,
      })),
      {
        title: `training (${history.reason}${history.bestEpoch ? `, best epoch ${history.bestEpoch} restored` : ''})`,
      },
    )}\ntest loss ${t.loss.toFixed(4)}, test accuracy ${(100 * t.accuracy).toFixed(2)}%\nwrote metrics, checkpoint and model to ${out}\n`,
  );
}

addCommand((program, io, run) => {
  program
    .command('train')
    .description(
      'train an MLP on a dataset from a JSON or YAML config (progress, metrics, checkpoints)',
    )
    .requiredOption('--config <file>', 'the training configuration (JSON or YAML)')
    .option('--out <dir>', 'folder for metrics, checkpoint and model', 'out/train')
    .option('--resume <dir>', 'continue the run whose checkpoint is in this folder')
    .option(
      '--lr-range-test',
      'sweep the optimizer lr exponentially instead of training (Smith 2017)',
    )
    .option('--lr-min <lr>', 'smallest lr of the range test (default 1e-7)')
    .option('--lr-max <lr>', 'largest lr of the range test (default 10)')
    .option('--lr-steps <n>', 'steps of the range test (default 100)')
    .action((o: Parameters<typeof trainCommand>[0]) => run(() => trainCommand(o, io)));
});
