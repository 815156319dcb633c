/**
 * `optlab train --config FILE [--out DIR] [--resume DIR] [--force]`: train an
 * MLP on a dataset from a JSON or YAML config, with a progress bar, per-epoch
 * metrics (CSV and JSON), checkpoints and the final model.
 *
 * `--resume DIR` continues the run whose checkpoint is in DIR, writing to DIR
 * unless `--out` says otherwise; without `--config` it uses the config stored
 * in the checkpoint, with one it refuses any difference that matters (all
 * fields but epochs, iterations, checkpointEvery and divergence), naming them.
 * `--out` onto an earlier run is refused unless `--force` (which removes that
 * run's files first). An unwritable `--out` fails before the data is loaded
 * (runFolder.ts).
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { optimizerFromSpec } from '../../contract/index.js';
import { loadDataset } from '../../data/index.js';
import { barProgress, lineProgress } from '../../experiments/progress.js';
import { saveModel } from '../../nn/node/index.js';
import { writeCsv } from '../../report/csv.js';
import { formatTable } from '../../report/table.js';
import { RESUMABLE_FIELDS, type TrainConfig, trainConfigSchema } from '../../train/config.js';
import { type CheckpointData, evaluate, fit, loadCheckpoint } from '../../train/index.js';
import { settingsDiff } from '../../train/resume.js';
import { setupTraining } from '../../train/setup.js';
import { writeJsonAtomic } from '../../util/index.js';
import { type Io, readFileCapped } from '../io.js';
import { checkLimit, LIMITS } from '../limits.js';
import { prepareRunFolder } from '../runFolder.js';
import { checkDepth, echo, parseSpec, SpecError } from '../spec.js';
import { LR_RANGE_FLAGS, type LrRangeFlags, lrRangeCommand, numberArg } from './lrRange.js';

/** Reads and validates a config file (JSON, or YAML by its extension), with the input size cap. */
export function readConfig(path: string): TrainConfig {
  let text: string;
  try {
    text = readFileCapped(path, `config ${echo(path, 200)}`).toString('utf8');
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(`cannot read config ${echo(path, 200)}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (e) {
    throw new SpecError(
      `invalid config: ${echo(path, 200)} does not parse: ${(e as Error).message.split('\n')[0]!.slice(0, 200)}`,
    );
  }
  checkDepth(raw, 'config');
  return parseSpec(trainConfigSchema, raw ?? {}, 'config');
}

/** The config without the fields that may change on resume: what a checkpoint must match. */
function resumeSettings(cfg: TrainConfig): Record<string, unknown> {
  const s: Record<string, unknown> = { ...cfg };
  for (const k of RESUMABLE_FIELDS) delete s[k];
  return s;
}

export interface TrainCliOptions extends LrRangeFlags {
  config?: string;
  out?: string;
  resume?: string;
  force?: boolean;
  /** Sweep the optimizer's lr exponentially instead of training (Smith 2017). */
  lrRangeTest?: boolean;
}

export async function trainCommand(o: TrainCliOptions, io: Io): Promise<void> {
  if (o.config === undefined && o.resume === undefined)
    throw new SpecError('train needs --config FILE (or --resume DIR to continue a run)');
  const resumeDir = o.resume === undefined ? undefined : resolve(o.resume);
  let checkpoint: CheckpointData | undefined;
  if (resumeDir) {
    try {
      checkpoint = loadCheckpoint(resumeDir);
    } catch (e) {
      throw new SpecError((e as Error).message);
    }
  }
  let cfg: TrainConfig;
  if (o.config !== undefined) {
    cfg = readConfig(o.config);
    if (checkpoint?.settings !== undefined) {
      const diff = settingsDiff(checkpoint.settings, resumeSettings(cfg));
      if (diff.length > 0)
        throw new SpecError(
          `--resume: ${echo(o.config, 200)} differs from the config of the run in ${resumeDir}: ${diff.join('; ')} (leave out --config to use the run's own)`,
        );
    }
  } else {
    const saved = (checkpoint?.meta as { config?: unknown } | undefined)?.config;
    if (saved === undefined)
      throw new SpecError(
        `--resume: the checkpoint in ${resumeDir} holds no config (made by an older optlab); pass the run's --config`,
      );
    cfg = parseSpec(trainConfigSchema, saved, 'config');
  }
  const optimizerOptions = {
    ...(cfg.schedule ? { schedule: cfg.schedule } : {}),
    ...(cfg.clip ? { clip: cfg.clip } : {}),
  };
  try {
    // checked before anything is loaded or written (no model yet: no weight matrices)
    optimizerFromSpec(cfg.optimizer, { ...optimizerOptions, matrices: { blocks: [], size: 0 } });
  } catch (e) {
    throw new SpecError(`invalid config: ${(e as Error).message}`);
  }
  const out = resolve(o.out ?? resumeDir ?? 'out/train');
  prepareRunFolder(out, { resuming: out === resumeDir, force: o.force === true });
  const loaded = loadDataset(cfg.data);
  if (loaded.test.n === 0) throw new SpecError(`the test split of ${cfg.data} has 0 rows`);
  const sizes = [loaded.train.features, ...cfg.model.hidden, loaded.train.classes];
  let params = 0;
  for (let l = 1; l < sizes.length; l++) params += (sizes[l - 1]! + 1) * sizes[l]!;
  checkLimit(LIMITS.trainParams, params, 'model.hidden');
  checkLimit(
    LIMITS.trainActivations,
    cfg.batchSize * sizes.reduce((a, b) => Math.max(a, b), 0),
    'batchSize',
  );
  let setup: ReturnType<typeof setupTraining>;
  try {
    setup = setupTraining(cfg, loaded);
  } catch (e) {
    throw new SpecError(`invalid config: field model: ${(e as Error).message}`);
  }
  const { train, validation, test, model } = setup;
  if (o.lrRangeTest) {
    // the config's optimizer with its lr swept (the spec was validated above)
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
  let updates = 0;
  const progress = io.isTTY ? barProgress(process.stderr, '') : lineProgress((s) => io.err(s), '');
  // the data or model may differ from the checkpoint's (the config was checked above):
  // a ResumeMismatchError, status 2 (errors.ts)
  const history = await fit(
    model,
    { data: train },
    {
      ...setup.fitOptions,
      checkpoint: { dir: out, everyEpochs: cfg.checkpointEvery },
      ...(checkpoint ? { resume: checkpoint } : {}),
      progress,
      divergence: cfg.divergence,
      settings: resumeSettings(cfg),
      meta: { config: cfg },
      callbacks: {
        onStep: () => {
          updates++;
        },
      },
    },
  );
  if (checkpoint && updates === 0)
    io.err(
      `the run in ${resumeDir} had already finished (${history.reason} at step ${checkpoint.step}); nothing to train, its results were written again\n`,
    );
  model.eval();
  const t = evaluate(model, { data: test });
  // without a validation set the epochs carry no validation fields (not NaN columns)
  const e = validation
    ? history.epochs
    : history.epochs.map(({ valLoss: _l, valAccuracy: _a, ...rest }) => rest);
  const val = (k: number): Record<string, number> =>
    validation
      ? { 'val loss': history.epochs[k]!.valLoss!, 'val acc': history.epochs[k]!.valAccuracy! }
      : {};
  await writeCsv(join(out, 'epochs.csv'), {
    epoch: e.map((r) => r.epoch),
    step: e.map((r) => r.step),
    train_loss: e.map((r) => r.trainLoss),
    train_accuracy: e.map((r) => r.trainAccuracy),
    ...(validation
      ? {
          val_loss: history.epochs.map((r) => r.valLoss!),
          val_accuracy: history.epochs.map((r) => r.valAccuracy!),
        }
      : {}),
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
      e.map((r, k) => ({
        epoch: r.epoch,
        'train loss': r.trainLoss,
        'train acc': r.trainAccuracy,
        ...val(k),
        s: r.seconds,
      })),
      {
        title: `training (${history.reason}${history.bestEpoch ? `, best epoch ${history.bestEpoch} restored` : ''})`,
      },
    )}\ntest loss ${t.loss.toFixed(4)}, test accuracy ${(100 * t.accuracy).toFixed(2)}%\nwrote metrics, checkpoint and model to ${out}\n`,
  );
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .option('--config <file>', 'the training configuration (JSON or YAML)')
    .option(
      '--out <dir>',
      'folder for metrics, checkpoint and model (default: out/train, or the --resume folder)',
    )
    .option(
      '--resume <dir>',
      'continue the run whose checkpoint is in this folder (its config is used unless --config is given)',
    )
    .option('--force', 'replace an earlier run in --out (otherwise refused)')
    .option(
      '--lr-range-test',
      'sweep the optimizer lr exponentially instead of training (Smith 2017)',
    )
    .option(LR_RANGE_FLAGS[0]!.flag, LR_RANGE_FLAGS[0]!.description, numberArg)
    .option(LR_RANGE_FLAGS[1]!.flag, LR_RANGE_FLAGS[1]!.description, numberArg)
    .option(LR_RANGE_FLAGS[2]!.flag, LR_RANGE_FLAGS[2]!.description, numberArg)
    .action((o: TrainCliOptions) => trainCommand(o, io));
}
