import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { ones, randn } from '../tensor/index.js';
import type { Dropout } from './dropout.js';
import { mlp } from './mlp.js';
import { loadMlp, loadModel, modelPaths, saveModel } from './node/index.js';
import { decodeModel, encodeModel, fnv1a } from './serialize.js';

function trained(dtype: 'float32' | 'float64' = 'float64', seed = 1) {
  const model = mlp({
    sizes: [3, 5, 4, 2],
    batchNorm: 'after',
    dropout: { p: 0.2, mode: 'dlfs' },
    dtype,
    seed,
  });
  const r = new Rng(seed + 10);
  const x = randn([8, 3], r);
  const y = Int32Array.from({ length: 8 }, (_, i) => i % 2);
  for (let k = 0; k < 3; k++) {
    model.lossAndGrad(x, y);
    for (let i = 0; i < model.size; i++) model.theta[i] = model.theta[i]! - 0.1 * model.grad[i]!;
  }
  return model;
}

const bytes = (a: Float32Array | Float64Array) =>
  Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const dropout0 = (m: ReturnType<typeof mlp>) =>
  (m.net as unknown as { layer(n: string): Dropout }).layer('drop0');

describe('encode/decode', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`round-trips θ, buffers, mode and generator states bit for bit (${dtype})`, () => {
      const a = trained(dtype, 1);
      a.eval();
      const { manifest, data } = encodeModel(a);
      expect(data.length).toBe((a.size + a.params.bufferSize) * (dtype === 'float32' ? 4 : 8));
      const b = trained(dtype, 99);
      decodeModel(b, JSON.parse(JSON.stringify(manifest)), data);
      expect(bytes(b.theta)).toEqual(bytes(a.theta));
      expect(bytes(b.params.buffers)).toEqual(bytes(a.params.buffers));
      expect(b.training).toBe(false);
      // the dropout streams continue identically
      a.train();
      b.train();
      const x = ones([4, 3]);
      a.forward(x);
      b.forward(x);
      expect(Array.from(dropout0(b).lastMask!)).toEqual(Array.from(dropout0(a).lastMask!));
    });
  }

  it('the binary is little-endian: θ[0] is at bytes 0..7', () => {
    const a = trained();
    const { data } = encodeModel(a);
    expect(new DataView(data.buffer).getFloat64(0, true)).toBe(a.theta[0]);
    expect(fnv1a(new TextEncoder().encode('a'))).toBe('e40c292c'); // FNV-1a 32 test vector
  });

  it('refuses a manifest of another network, another dtype, a short or corrupt binary', () => {
    const a = trained();
    const { manifest, data } = encodeModel(a);
    const wider = mlp({
      sizes: [3, 6, 4, 2],
      batchNorm: 'after',
      dropout: { p: 0.2, mode: 'dlfs' },
    });
    expect(() => decodeModel(wider, manifest, data)).toThrow(
      /architecture differs: sizes is \[3,5,4,2\] in the file but \[3,6,4,2\]/,
    );
    const noBn = mlp({
      sizes: [3, 5, 4, 2],
      batchNorm: 'before',
      biasBeforeBatchNorm: true,
      dropout: { p: 0.2, mode: 'dlfs' },
    });
    expect(() => decodeModel(noBn, manifest, data)).toThrow(
      /batchNorm is "after" in the file but "before" in the model/,
    );
    // without configs, the parameter layout is compared
    const bare = { ...manifest };
    delete bare.config;
    expect(() => decodeModel(wider, bare, data)).toThrow(
      /saved model has 72 parameters in 10 tensors, this model 82 in 10/,
    );
    const noBias = mlp({
      sizes: [3, 5, 4, 2],
      batchNorm: 'before',
      dropout: { p: 0.2, mode: 'dlfs' },
    });
    expect(() => decodeModel(noBias, bare, data)).toThrow(
      /saved model has 72 parameters in 10 tensors, this model 63 in 8/,
    );
    const f32 = trained('float32');
    expect(() => decodeModel(f32, manifest, data)).toThrow(
      /saved parameters are float64 but the model is float32/,
    );
    expect(() => decodeModel(trained(), manifest, data.subarray(8))).toThrow(
      /the binary has \d+ bytes/,
    );
    const bad = data.slice();
    bad[3] = bad[3]! ^ 1;
    expect(() => decodeModel(trained(), manifest, bad)).toThrow(/checksum/);
    expect(() => decodeModel(trained(), { ...manifest, version: 2 }, data)).toThrow(
      /version 2 is not supported/,
    );
    expect(() =>
      decodeModel(trained(), { ...manifest, format: 'x' as 'optlab-model' }, data),
    ).toThrow(/not an optlab-model manifest/);
    // allowCast converts float64 → float32 (rounded)
    decodeModel(f32, manifest, data, { allowCast: true });
    for (let i = 0; i < a.size; i++) expect(f32.theta[i]).toBe(Math.fround(a.theta[i]!));
  });
});

describe('saveModel / loadModel (files)', () => {
  it('writes a JSON manifest and a .bin atomically and loads them back identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-nn-'));
    const a = trained();
    const path = join(dir, 'sub', 'model');
    await saveModel(a, path);
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['model.bin', 'model.json']);
    const manifest = JSON.parse(readFileSync(modelPaths(path).manifest, 'utf8'));
    expect(manifest.params[0]).toEqual({
      name: 'layer0.W',
      shape: [3, 5],
      kind: 'weight',
      layer: 'layer0',
      offset: 0,
    });
    expect(manifest.config.kind).toBe('mlp');
    const b = trained('float64', 5);
    await loadModel(b, `${path}.json`);
    expect(bytes(b.theta)).toEqual(bytes(a.theta));
    const c = await loadMlp(path);
    expect(bytes(c.theta)).toEqual(bytes(a.theta));
    expect(bytes(c.params.buffers)).toEqual(bytes(a.params.buffers));
    expect(c.params.list.map((p) => p.name)).toEqual(a.params.list.map((p) => p.name));
    // overwriting keeps a consistent pair; a .bin from another save is refused
    const other = trained('float64', 3);
    const otherPath = join(dir, 'other');
    await saveModel(other, otherPath);
    writeFileSync(modelPaths(path).data, readFileSync(modelPaths(otherPath).data));
    await expect(loadModel(b, path)).rejects.toThrow(/checksum/);
  });
});
