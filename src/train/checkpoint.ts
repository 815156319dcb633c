/**
 * Checkpoints of a training run: everything needed to continue bit for bit —
 * θ, the model's buffers and mode/generator state, the optimizer, sampler and
 * averager states, early stopping, the history so far and the counters — as one
 * JSON document (typed arrays base64-encoded), written atomically.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeState, serializeState } from '../optim/index.js';
import { isAtomicTempName, writeFileAtomic } from '../util/index.js';
import type { CheckpointData, CheckpointStore } from './checkpointStore.js';

export const CHECKPOINT_FORMAT = 'optlab-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_FILE = 'checkpoint.json';

export type { CheckpointData } from './checkpointStore.js';

/** True when process `pid` is alive (signal 0 probes without sending anything). */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of atomic writes (`.checkpoint.json.<pid>.<hex>.tmp`
 * and the like) that a killed process left in `dir`: those whose writer is no
 * longer alive. Returns the names removed. A missing `dir` is not an error.
 */
export function removeStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!isAtomicTempName(name)) continue;
    const pid = Number(/\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && alive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

export async function saveCheckpoint(dir: string, c: CheckpointData): Promise<string> {
  const path = join(dir, CHECKPOINT_FILE);
  const doc = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...(serializeState(c) as object),
  };
  await writeFileAtomic(path, JSON.stringify(doc), { mkdir: true });
  return path;
}

export function loadCheckpoint(dir: string): CheckpointData {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path))
    throw new Error(`resume: no ${CHECKPOINT_FILE} in ${dir}; nothing to resume`);
  let doc: { format?: string; version?: number } & Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
    if (doc === null || typeof doc !== 'object') throw new Error('not an object');
  } catch (e) {
    throw new Error(
      `resume: ${path} is not a valid checkpoint (corrupt JSON: ${(e as Error).message})`,
    );
  }
  if (doc.format !== CHECKPOINT_FORMAT)
    throw new Error(`resume: ${path} is not an optlab checkpoint`);
  if (doc.version !== CHECKPOINT_VERSION)
    throw new Error(
      `resume: ${path} has version ${doc.version}; this optlab reads version ${CHECKPOINT_VERSION}`,
    );
  const { format: _f, version: _v, ...rest } = doc;
  return deserializeState<CheckpointData>(rest);
}

/** Checkpoints as `checkpoint.json` files in a folder (written atomically). */
export const fileCheckpoints: CheckpointStore = {
  load: loadCheckpoint,
  save: saveCheckpoint,
  clean: (dir) => void removeStaleTemps(dir),
};
