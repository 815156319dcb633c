import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobs, loadBuiltinMnist } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { adam, sgd } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { loadCheckpoint } from './checkpoint.js';
import { divergenceInit, divergenceSettings, divergenceUpdate } from './divergence.js';
import { fit, TrainingError } from './fit.js';
import { ResumeMismatchError, settingsDiff } from './resume.js';

describe('divergence guard', () => {
  it('the smoothed loss is the bias-corrected EMA of span w (checked against the closed form)', () => {
    const o = divergenceSettings({ window: 3, factor: 1e9, growth: 1e9 });
    const st = divergenceInit(1);
    const losses = [2, 1, 4, 3];
    for (const l of losses) expect(divergenceUpdate(st, o, l)).toBeNull();
    // β = 1 − 2/4 = 0.5: m = Σ (1−β) β^(k−i) ℓ_i, s = m/(1 − β^k)
    const beta = 0.5;
    let m = 0;
    for (const l of losses) m = beta * m + (1 - beta) * l;
    expect(st.recent.at(-1)).toBeCloseTo(m / (1 - beta ** 4), 15);
    expect(st.recent).toHaveLength(3);
  });

  it('trips on a loss far above its start, not on one noisy batch', () => {
    const o = divergenceSettings({ factor: 10, window: 20 });
    const quiet = divergenceInit(2.3);
    // one batch at 40 among ordinary ones: the average moves by 40·2/21 ≈ 3.8, below 23
    for (let k = 0; k < 50; k++) expect(divergenceUpdate(quiet, o, 2.0)).toBeNull();
    expect(divergenceUpdate(quiet, o, 40)).toBeNull();
    const blown = divergenceInit(2.3);
    let why: string | null = null;
    let k = 0;
    while (!why && k < 100) why = divergenceUpdate(blown, o, k++ < 5 ? 2.0 : 1e6);
    expect(why).toMatch(/above 10 × the initial loss 2\.300/);
    expect(k).toBeLessThan(8);
  });

  it('trips on growth without bound even when the start was high', () => {
    const o = divergenceSettings({ factor: 1e12, growth: 1000, window: 10 });
    const st = divergenceInit(5);
    let why: string | null = null;
    for (let k = 0; k < 200 && !why; k++)
      why = divergenceUpdate(st, o, 1e-3 * 3 ** Math.max(0, k - 50));
    expect(why).toMatch(/grew from .* within 10 updates, more than 1000×/);
  });

  it('rejects bad settings', () => {
    expect(() => divergenceSettings({ factor: 1 })).toThrow(
      'divergence: option factor must be a number > 1, got 1',
    );
    expect(() => divergenceSettings({ window: 0 })).toThrow(
      'divergence: option window must be a number ≥ 1, got 0',
    );
    expect(() => divergenceSettings({ window: 2.5 })).toThrow(
      'divergence: option window must be an integer, got 2.5',
    );
    expect(divergenceSettings()).toEqual({ factor: 10, growth: 1000, window: 20, startRows: 1000 });
  });

  it('fit: Adam at lr 1e6 on MNIST stops with the step named (it stays finite, so the NaN guard alone misses it)', async () => {
    const { train } = loadBuiltinMnist({ seed: 0 });
    const make = () => mlp({ sizes: [784, 32, 10], seed: 0 });
    const opts = { batchSize: 100, iterations: 40, seed: 0 };
    // without the guard the run "completes" with a huge finite loss
    const loose = make();
    const h = await fit(loose, { data: train }, { ...opts, optimizer: adam({ lr: 1e6 }) });
    expect(h.steps.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(h.steps.at(-1)!.loss).toBeGreaterThan(1e3);
    let err: unknown;
    try {
      await fit(make(), { data: train }, { ...opts, optimizer: adam({ lr: 1e6 }), divergence: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).message).toMatch(
      /training diverged at step \d+ \(epoch 0\): the smoothed loss/,
    );
    expect((err as TrainingError).step).toBeLessThan(5);
  });

  it('fit: an ordinary run is untouched by the guard, bit for bit', async () => {
    const data = blobs({ rng: new Rng(1), n: 200 });
    const run = async (divergence: object | false) => {
      const model = mlp({ sizes: [2, 8, 3], seed: 1, dropout: 0.1 });
      await fit(
        model,
        { data },
        { optimizer: sgd({ lr: 0.1 }), batchSize: 10, epochs: 5, seed: 2, divergence },
      );
      return Buffer.from(model.theta.buffer);
    };
    expect((await run({})).equals(await run(false))).toBe(true);
  });
});

describe('resume checks', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'optlab-resume-'));
  const data = blobs({ rng: new Rng(2), n: 60 });

  it('a resume with another optimizer or other settings is refused, naming each difference', async () => {
    const dir = tmp();
    await fit(
      mlp({ sizes: [2, 8, 3], seed: 1 }),
      { data },
      {
        optimizer: adam({ lr: 0.01 }),
        batchSize: 10,
        epochs: 1,
        checkpoint: { dir },
        settings: { lr: 0.01 },
      },
    );
    const again = (o: object) =>
      fit(
        mlp({ sizes: [2, 8, 3], seed: 1 }),
        { data },
        {
          optimizer: adam({ lr: 0.01 }),
          batchSize: 10,
          epochs: 2,
          resume: dir,
          checkpoint: { dir },
          settings: { lr: 0.01 },
          ...o,
        },
      );
    await expect(again({ optimizer: sgd({ lr: 0.01 }) })).rejects.toThrow(ResumeMismatchError);
    await expect(again({ optimizer: sgd({ lr: 0.01 }) })).rejects.toThrow(/optimizerState/);
    await expect(again({ settings: { lr: 0.1 } })).rejects.toThrow(/settings\.lr: 0\.01 → 0\.1/);
    await expect(again({ seed: 5 })).rejects.toThrow(/seed: 0 → 5/);
    expect((await again({})).epochs).toHaveLength(2);
    expect(loadCheckpoint(dir).epoch).toBe(2);
  });

  it('settingsDiff lists paths with both values', () => {
    expect(settingsDiff({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 3], d: 'x' } })).toEqual([
      'a.b: 1 → 2',
      'a.c[1]: 2 → 3',
      'a.d: (absent) → "x"',
    ]);
  });
});
