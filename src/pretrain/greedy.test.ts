import { describe, expect, it } from 'vitest';
import { blobs, type Dataset, type FloatArray } from '../data/index.js';
import { type Model, mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { Tensor } from '../tensor/index.js';
import { evaluate } from '../train/index.js';
import { greedyUnsupervised } from './autoencoder.js';
import { greedySupervised } from './greedy.js';
import { hiddenDataset, layerValues } from './representation.js';

const centers = [
  [0, 0, 0, 0],
  [3, 3, 0, 0],
  [0, 3, 3, 0],
];
const data = blobs({ rng: new Rng(1), n: 240, centers, std: 1.5 });
const val = blobs({ rng: new Rng(2), n: 60, centers, std: 1.5 });
const stage = { optimizer: sgd({ lr: 0.1 }), batchSize: 16, epochs: 3, seed: 4 };
const bits = (a: ArrayLike<number>) => Array.from(a);
const param = (m: Model, name: string) => bits(m.params.get(name).value.data);

describe('greedySupervised', () => {
  for (const batchNorm of [false, 'before', 'after'] as const) {
    it(`stacks the pretrained layers bit for bit before fine-tuning (batchNorm ${batchNorm})`, async () => {
      const sizes = [4, 7, 6, 5, 3];
      const r = await greedySupervised({
        sizes,
        net: { activation: 'tanh', batchNorm, init: 'xavier' },
        seed: 3,
        train: { data },
        validation: { data: val },
        stage,
      });
      expect(r.stages.map((s) => s.sizes)).toEqual([
        [4, 7, 3],
        [7, 6, 3],
        [6, 5, 3],
      ]);
      expect(r.fineTune).toBeNull();
      const deep = r.model;
      expect(bits(deep.theta)).toEqual(bits(r.stacked));
      r.stages.forEach((s, k) => {
        for (const p of s.model.params.list.filter((q) => q.layer.endsWith('0'))) {
          const to = p.name.replace(/0\./, `${k}.`);
          expect(param(deep, to)).toEqual(bits(p.value.data));
        }
        for (const b of s.model.params.bufferList)
          expect(bits(deep.params.buffer(b.name.replace(/0\./, `${k}.`)).data)).toEqual(
            bits(b.data),
          );
        // each stage learned on its representation (validation accuracy well above chance 1/3)
        expect(s.history.epochs.at(-1)!.valAccuracy).toBeGreaterThan(0.6);
      });
      const last = r.stages[2]!.model;
      expect(param(deep, 'layer3.W')).toEqual(param(last, 'layer1.W'));
      // the deep net's top hidden outputs are the last stage's inputs, and its outputs the last stage's
      let h: Dataset<FloatArray> = data;
      for (const s of r.stages.slice(0, 2)) h = hiddenDataset(s.model, h, 0);
      expect(bits(hiddenDataset(deep, data, 1).x)).toEqual(bits(h.x));
      expect(bits(layerValues(deep, data).values)).toEqual(bits(layerValues(last, h).values));
      expect(evaluate(deep.eval(), { data }).accuracy).toBe(
        evaluate(last.eval(), { data: h }).accuracy,
      );
    });
  }

  it('fine-tunes the stack jointly when asked, starting from the stacked θ', async () => {
    const r = await greedySupervised({
      sizes: [4, 6, 6, 3],
      net: { activation: 'sigmoid' },
      train: { data },
      stage,
      fineTune: { ...stage, epochs: 2 },
    });
    expect(r.fineTune!.steps.length).toBe(2 * 15);
    expect(bits(r.model.theta)).not.toEqual(bits(r.stacked));
  });

  it('rejects bad options', async () => {
    await expect(greedySupervised({ sizes: [4, 3], train: { data }, stage })).rejects.toThrow(
      'greedySupervised: option sizes must have at least 3 items, got an array of 2',
    );
    await expect(
      greedyUnsupervised({ sizes: [4, 5, 3], train: { data }, stage, corruption: 1 }),
    ).rejects.toThrow('greedyUnsupervised: option corruption must be a number < 1, got 1');
    await expect(
      greedySupervised({ sizes: [4, 5, 3], train: { data, targets: 'inputs' }, stage }),
    ).rejects.toThrow(/greedyUnsupervised/);
    await expect(
      greedySupervised({ sizes: [4, 5, 3], net: { seed: 1 } as never, train: { data }, stage }),
    ).rejects.toThrow(
      'greedySupervised: option net.seed must not be set (the scheme sets it), got 1',
    );
  });
});

describe('greedyUnsupervised', () => {
  it('keeps each trained encoder as a block, the output layer at its initialisation', async () => {
    const sizes = [4, 6, 5, 3];
    const r = await greedyUnsupervised({
      sizes,
      net: { activation: 'sigmoid', init: 'xavier' },
      seed: 9,
      train: { data },
      validation: { data: val },
      stage: { ...stage, epochs: 5 },
      corruption: 0.2,
    });
    expect(r.stages.map((s) => s.sizes)).toEqual([
      [4, 6, 4],
      [6, 5, 6],
    ]);
    // blob inputs are not in [0, 1]: mse; the sigmoid codes are: binary cross-entropy
    expect(r.stages.map((s) => s.model.lossName)).toEqual(['mse', 'binary-cross-entropy']);
    r.stages.forEach((s, k) => {
      expect(param(r.model, `layer${k}.W`)).toEqual(param(s.model, 'layer0.W'));
      expect(param(r.model, `layer${k}.b`)).toEqual(param(s.model, 'layer0.b'));
      const e = s.history.epochs;
      expect(e.at(-1)!.valLoss!).toBeLessThan(e[0]!.valLoss!);
    });
    const fresh = mlp({ sizes, activation: 'sigmoid', init: 'xavier', seed: 9 });
    expect(param(r.model, 'layer2.W')).toEqual(param(fresh, 'layer2.W'));
    // the denoising autoencoder's input corruption is active in training only
    const ae = r.stages[0]!.model;
    const x = new Tensor(data.x.subarray(0, 40), [10, 4]);
    expect(bits(ae.predict(x).data)).toEqual(bits(ae.predict(x).data));
  });
});
