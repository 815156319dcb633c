/**
 * The output folder of `optlab train`: made and proved writable before any
 * work (an unwritable `--out` fails at once), cleared of the temporary files a
 * killed writer left, and guarded against replacing an earlier run by accident.
 */
import { accessSync, constants, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE, removeStaleTemps } from '../train/checkpoint.js';
import { makeDir } from '../util/index.js';
import { echo, SpecError } from './spec.js';

/** Files a finished or interrupted run leaves in its folder. */
const RUN_FILES = [
  CHECKPOINT_FILE,
  'metrics.json',
  'epochs.csv',
  'steps.csv',
  'model.json',
  'model.bin',
];

/**
 * Makes `out` (creating missing folders one at a time: Node's recursive mkdir
 * loops forever under /proc) and proves it writable with a probe file, so a bad
 * `--out` fails at once rather than after training.
 */
export function prepareOut(out: string): void {
  try {
    makeDir(out);
    if (!statSync(out).isDirectory()) throw new Error('not a directory');
    accessSync(out, constants.W_OK);
    const probe = join(out, `.optlab-probe.${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw new SpecError(
      `--out ${echo(out, 200)} is not a writable folder: ${(e as Error).message}`,
    );
  }
}

/**
 * Prepares `out` for a run: {@link prepareOut}, stale temporary files removed,
 * and — unless the run resumes in this folder — an earlier run's files refused
 * (status 2) or, with `force`, removed.
 */
export function prepareRunFolder(out: string, o: { resuming: boolean; force: boolean }): void {
  prepareOut(out);
  removeStaleTemps(out);
  if (o.resuming) return;
  const earlier = RUN_FILES.filter((f) => existsSync(join(out, f)));
  if (earlier.length === 0) return;
  if (!o.force)
    throw new SpecError(
      `--out ${out} already holds a run (${earlier.join(', ')}); continue it with --resume ${out}, replace it with --force, or choose another --out`,
    );
  for (const f of earlier) rmSync(join(out, f), { force: true });
}
