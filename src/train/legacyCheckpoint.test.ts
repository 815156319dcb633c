/**
 * Checkpoints written before the named optimizers named the parts of their
 * state (the optimizer state stored by position, test/fixtures/README.md) still
 * resume, and the resumed run equals an uninterrupted one to float64 rounding
 * (the training step's numerics changed since then at that level; see below).
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizerFromSpec } from '../contract/index.js';
import { spirals } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { Rng } from '../random/index.js';
import { CHECKPOINT_FILE, loadCheckpoint } from './checkpoint.js';
import { fit } from './fit.js';

const FIXTURE = new URL('../../test/fixtures/checkpoint-v1-positional.json', import.meta.url);

// the settings the fixture was written with (test/fixtures/README.md)
const data = () => spirals({ rng: new Rng(3), perClass: 20, classes: 3 });
const model = () => mlp({ sizes: [2, 6, 3], seed: 7 });
const optimizer = () =>
  optimizerFromSpec({ name: 'adam', lr: 0.01, weightDecay: 0.001 }, { clip: { globalNorm: 1 } });
const opts = { batchSize: 10, epochs: 4, seed: 11 };

describe('a checkpoint with the positional optimizer state of earlier versions', () => {
  it('holds the old layout (an array per chain), not the named one', () => {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { optimizer: unknown };
    expect(Array.isArray(doc.optimizer)).toBe(true);
    expect(Array.isArray((doc.optimizer as unknown[])[1])).toBe(true);
  });

  it('resumes, and the run ends where an uninterrupted run ends (to float64 rounding)', async () => {
    const a = model();
    const d = data();
    await fit(a, { data: d }, { ...opts, optimizer: optimizer() });

    const dir = mkdtempSync(join(tmpdir(), 'optlab-legacy-'));
    copyFileSync(FIXTURE, join(dir, CHECKPOINT_FILE));
    const b = model();
    await fit(
      b,
      { data: d },
      { ...opts, optimizer: optimizer(), resume: dir, checkpoint: { dir } },
    );
    // The fixture's first two epochs ran the composite (unfused) softmax
    // cross-entropy of 6422fa8; today's training step fuses it and rounds once
    // instead of per op (≤ 1e-15 relative), so the resumed run agrees with an
    // uninterrupted one to float64 rounding (measured 2.2e-16), not bit for bit.
    // A state adopted into the wrong parts (moments swapped or reset) moves θ by
    // orders of magnitude more.
    let dmax = 0;
    for (let i = 0; i < a.theta.length; i++)
      dmax = Math.max(dmax, Math.abs(a.theta[i]! - b.theta[i]!));
    expect(dmax).toBeLessThan(1e-13);
    // the checkpoint written by the resumed run has the named layout
    const c = loadCheckpoint(dir).optimizer as [unknown, Record<string, unknown>];
    expect(Object.keys(c[1])).toEqual(['decay', 'adam', 'lr']);
  });

  it('is still refused for another optimizer, naming the difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-legacy-'));
    copyFileSync(FIXTURE, join(dir, CHECKPOINT_FILE));
    const other = optimizerFromSpec({ name: 'sgd', lr: 0.01 }, { clip: { globalNorm: 1 } });
    await expect(
      fit(model(), { data: data() }, { ...opts, optimizer: other, resume: dir }),
    ).rejects.toThrow(/optimizerState/);
  });
});
