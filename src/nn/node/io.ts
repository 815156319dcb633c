/**
 * Saving and loading models to files (Node only: imports node:fs).
 *
 * `saveModel(model, path)` writes `<base>.bin` (θ then buffers, raw
 * little-endian) and then `<base>.json` (the manifest, see ../serialize.ts),
 * each atomically (temporary file in the same directory + fsync + rename, via
 * src/util's `writeFileAtomic`). `<base>` is `path` without a trailing `.json`.
 * The manifest carries the byte length and checksum of its .bin, so a crash
 * between the two renames (new .bin, old .json) is detected on load as a
 * checksum mismatch instead of loading mixed data.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../util/index.js';
import { type MlpConfig, mlp } from '../mlp.js';
import type { Model } from '../model.js';
import { decodeModel, encodeModel, type ModelManifest } from '../serialize.js';

function base(path: string): string {
  if (typeof path !== 'string' || path.length === 0)
    throw new TypeError(`model path must be a non-empty string, got ${String(path)}`);
  return path.endsWith('.json') ? path.slice(0, -5) : path;
}

/** The two file names of a saved model. */
export function modelPaths(path: string): { manifest: string; data: string } {
  const b = base(path);
  return { manifest: `${b}.json`, data: `${b}.bin` };
}

/** Writes the model's θ, buffers, mode and generator states (see the module comment). */
export async function saveModel(
  model: Model,
  path: string,
  opts: { mkdir?: boolean } = {},
): Promise<void> {
  const { manifest, data } = encodeModel(model);
  const files = modelPaths(path);
  const withData = { ...manifest, data: basename(files.data) };
  await writeFileAtomic(files.data, data, { mkdir: opts.mkdir ?? true });
  await writeFileAtomic(files.manifest, `${JSON.stringify(withData, null, 2)}\n`, {
    mkdir: opts.mkdir ?? true,
  });
}

/** Reads the manifest and binary of a saved model. */
export async function readModelFiles(
  path: string,
): Promise<{ manifest: ModelManifest; data: Uint8Array }> {
  const files = modelPaths(path);
  let manifest: ModelManifest & { data?: string };
  try {
    manifest = JSON.parse(await readFile(files.manifest, 'utf8'));
  } catch (e) {
    throw new Error(`load: cannot read the manifest ${files.manifest}: ${(e as Error).message}`);
  }
  const dataPath =
    typeof manifest.data === 'string' ? join(dirname(files.manifest), manifest.data) : files.data;
  const buf = await readFile(dataPath);
  return { manifest, data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

/** Loads a saved model into `model` after checking that it describes the same network. */
export async function loadModel(
  model: Model,
  path: string,
  opts: { allowCast?: boolean } = {},
): Promise<void> {
  const { manifest, data } = await readModelFiles(path);
  decodeModel(model, manifest, data, opts);
}

/** Rebuilds a saved mlp from its manifest's config, then loads θ and state into it. */
export async function loadMlp(path: string): Promise<Model> {
  const { manifest, data } = await readModelFiles(path);
  const config = manifest.config as MlpConfig | undefined;
  if (config?.kind !== 'mlp') {
    throw new RangeError(
      `load: ${modelPaths(path).manifest} does not hold an mlp config; build the model and use loadModel`,
    );
  }
  const model = mlp(config);
  decodeModel(model, manifest, data);
  return model;
}
