/**
 * What a resumed run must share with its checkpoint: the fingerprint (the
 * model's layout and dtype, the data's size and width, batch size, sampler,
 * seed, the layout of the optimizer's state — another optimizer has another —
 * and the caller's `settings`), and the list of differences shown when they
 * do not match (`settings.optimizer.name: "adam" → "sgd"`).
 */
import type { Model } from '../nn/index.js';
import { adoptState } from '../optim/index.js';
import type { FitSettings } from './fitOptions.js';
import type { TrainData } from './types.js';

/** What must not change across a resume (compared field by field, see {@link settingsDiff}). */
export function fingerprint(
  model: Model,
  train: TrainData,
  o: FitSettings,
  optState: unknown,
): string {
  return JSON.stringify({
    size: model.size,
    dtype: model.dtype,
    layers: model.params.list.map((p) => `${p.name}[${p.shape.join('×')}]`).join(' '),
    n: train.data.n,
    features: train.data.features,
    batch: o.batchSize,
    sampler: o.sampler,
    seed: o.seed,
    optimizerState: stateLayout(optState),
    settings: o.settings ?? null,
  });
}

/**
 * A checkpoint's optimizer state and fingerprint in the layout of `fresh` (the
 * optimizer's state from `init`): a checkpoint written before optimizers named
 * the parts of their chained state holds them by position, which
 * `adoptState` re-keys to the names (for the state and for the layout recorded
 * in the fingerprint alike), so those checkpoints still resume. Anything else
 * is unchanged.
 */
export function adoptOptimizerState(
  saved: { optimizer: unknown; fingerprint: string },
  fresh: unknown,
): { state: unknown; fingerprint: string } {
  const state = adoptState(fresh, saved.optimizer);
  let fp: Record<string, unknown>;
  try {
    fp = JSON.parse(saved.fingerprint) as Record<string, unknown>;
  } catch {
    return { state, fingerprint: saved.fingerprint };
  }
  if (fp === null || typeof fp !== 'object' || !('optimizerState' in fp)) {
    return { state, fingerprint: saved.fingerprint };
  }
  fp.optimizerState = adoptState(fresh, fp.optimizerState);
  return { state, fingerprint: JSON.stringify(fp) };
}

/** The shape of an optimizer state (kinds and lengths, not values): another optimizer has another layout. */
function stateLayout(s: unknown): unknown {
  if (ArrayBuffer.isView(s))
    return `${s.constructor.name}(${(s as unknown as ArrayLike<number>).length})`;
  if (Array.isArray(s)) return s.map(stateLayout);
  if (s !== null && typeof s === 'object')
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, stateLayout(v)]));
  return typeof s;
}

/**
 * The differences between two JSON values as "path: a → b" lines (at most
 * `max`), e.g. `settings.optimizer.name: "adam" → "sgd"`.
 */
export function settingsDiff(
  a: unknown,
  b: unknown,
  path = '',
  out: string[] = [],
  max = 8,
): string[] {
  if (out.length >= max) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const p = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      settingsDiff(a[k], b[k], p, out, max);
    }
    return out;
  }
  const show = (v: unknown) => {
    const s = v === undefined ? '(absent)' : JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 60)}…` : s;
  };
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push(`${path || '(root)'}: ${show(a)} → ${show(b)}`);
  return out;
}

/** A resume whose settings differ from the checkpoint's. */
export class ResumeMismatchError extends Error {
  override name = 'ResumeMismatchError';
}

/** Throws a {@link ResumeMismatchError} listing the differences when the fingerprints differ. */
export function checkResume(saved: string, now: string, where: string): void {
  if (saved === now) return;
  let diff: string[];
  try {
    diff = settingsDiff(JSON.parse(saved), JSON.parse(now));
  } catch {
    diff = [`${saved} → ${now}`];
  }
  throw new ResumeMismatchError(
    `resume: the checkpoint in ${where} was made with other settings: ${diff.join('; ')}`,
  );
}
