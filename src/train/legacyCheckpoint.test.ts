/**
 * Checkpoints written before the named optimizers named the parts of their
 * state (the optimizer state stored by position, test/fixtures/README.md) still
 * resume, and the resumed run equals an uninterrupted one bit for bit.
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

  it('resumes, and the run ends bit for bit where an uninterrupted run ends', async () => {
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
    expect(Buffer.from(b.theta.buffer).equals(Buffer.from(a.theta.buffer))).toBe(true);
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
