import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mlp } from '../nn/index.js';
import { tensor } from '../tensor/index.js';
import { describeOnnx, exportOnnx } from './onnx.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { loadStateDict, toStateDict } from './stateDict.js';

const ref = (name: string) => new URL(`../../test/reference/${name}`, import.meta.url);
// PyTorch 1.13 nn.Sequential state_dicts and eval-mode outputs (test/reference/scripts/torch_state_dict.py)
const torchOut = JSON.parse(readFileSync(ref('torch-mlp.json'), 'utf8')) as {
  inputs: number[][];
  outputs: Record<'tanh' | 'bn', number[][]>;
};

const nets = {
  tanh: () => mlp({ sizes: [3, 4, 2], activation: 'tanh', seed: 1 }),
  bn: () =>
    mlp({ sizes: [3, 5, 2], batchNorm: 'before', batchNormOptions: { preset: 'book' }, seed: 1 }),
};

describe('PyTorch state_dicts in safetensors files', () => {
  it.each(['tanh', 'bn'] as const)(
    'loads torch’s %s Sequential and computes its outputs',
    (name) => {
      const { tensors } = decodeSafetensors(readFileSync(ref(`torch-mlp-${name}.safetensors`)));
      const model = nets[name]();
      loadStateDict(model, tensors);
      model.eval();
      const y = model.predict(tensor(torchOut.inputs));
      const want = torchOut.outputs[name].flat();
      for (let i = 0; i < want.length; i++) expect(y.data[i]!).toBeCloseTo(want[i]!, 12);
    },
  );

  it.each(['tanh', 'bn'] as const)(
    'exports %s under the same names and shapes, round trip exact',
    (name) => {
      const model = nets[name]();
      const bytes = encodeSafetensors(toStateDict(model));
      const torchFile = decodeSafetensors(
        readFileSync(ref(`torch-mlp-${name}.safetensors`)),
      ).tensors;
      const ours = decodeSafetensors(bytes).tensors;
      expect([...ours.keys()].sort()).toEqual([...torchFile.keys()].sort());
      for (const [k, t] of ours) expect(t.shape).toEqual(torchFile.get(k)!.shape);
      const back = nets[name]();
      back.theta.fill(0);
      loadStateDict(back, ours);
      expect(Array.from(back.theta)).toEqual(Array.from(model.theta));
      // the header is 8-byte aligned, starts with '{' and is followed by the data
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect((8 + n) % 8).toBe(0);
      expect(String.fromCharCode(bytes[8]!)).toBe('{');
    },
  );

  it('refuses files a reader must not trust, naming the problem', () => {
    const good = encodeSafetensors({
      a: { dtype: 'F64', shape: [2], data: Float64Array.of(1, 2) },
    });
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(/too short/);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 1))).toThrow(/do not hold shape/);
    const hdr = (h: object, data = 16) => {
      const j = new TextEncoder().encode(JSON.stringify(h));
      const b = new Uint8Array(8 + j.length + data);
      new DataView(b.buffer).setBigUint64(0, BigInt(j.length), true);
      b.set(j, 8);
      return b;
    };
    expect(() =>
      decodeSafetensors(hdr({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } })),
    ).toThrow(/dtype/);
    expect(() =>
      decodeSafetensors(
        hdr({
          a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
          b: { dtype: 'F64', shape: [1], data_offsets: [4, 12] },
        }),
      ),
    ).toThrow(/overlap|belong to no tensor/);
    expect(() =>
      decodeSafetensors(hdr({ a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } })),
    ).toThrow(/last 8 data bytes belong to no tensor/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => decodeSafetensors(huge)).toThrow(/header length/);
    expect(() => loadStateDict(nets.tanh(), new Map())).toThrow(/missing 0.weight/);
  });
});

describe('ONNX export', () => {
  it('writes a graph that parses back with the layers and weights of the model', () => {
    const model = nets.bn();
    const d = describeOnnx(exportOnnx(model, { probabilities: true }));
    expect(d.irVersion).toBe(8);
    expect(d.opset).toBe(13);
    expect(d.nodes).toEqual([
      'MatMul',
      'BatchNormalization',
      'Relu',
      'MatMul',
      'Add',
      'Identity',
      'Softmax',
    ]);
    expect(d.initializers.map((t) => [t.name, t.dims])).toEqual([
      ['0.W', [3, 5]],
      ['1.scale', [5]],
      ['1.bias', [5]],
      ['1.mean', [5]],
      ['1.var', [5]],
      ['3.W', [5, 2]],
      ['3.b', [2]],
    ]);
    expect(d.inputs).toEqual(['input']);
    expect(d.outputs).toEqual(['logits', 'probabilities']);
  });

  it('runs in onnxruntime-node with optlab’s own outputs (float64 and float32)', async () => {
    const require = createRequire(import.meta.url);
    const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
    for (const name of ['tanh', 'bn'] as const) {
      const model = nets[name]();
      model.eval();
      const x = torchOut.inputs;
      const want = model.predict(tensor(x)).data;
      for (const dtype of ['float64', 'float32'] as const) {
        const session = await ort.InferenceSession.create(
          exportOnnx(model, { dtype, probabilities: true }),
        );
        const data =
          dtype === 'float64' ? Float64Array.from(x.flat()) : Float32Array.from(x.flat());
        const out = await session.run({ input: new ort.Tensor(dtype, data, [x.length, 3]) });
        const logits = out.logits!.data as Float64Array | Float32Array;
        const tol = dtype === 'float64' ? 1e-12 : 1e-5;
        for (let i = 0; i < want.length; i++)
          expect(Math.abs(logits[i]! - want[i]!)).toBeLessThan(tol);
        const p = out.probabilities!.data as Float64Array;
        for (let r = 0; r < x.length; r++) expect(p[2 * r]! + p[2 * r + 1]!).toBeCloseTo(1, 5);
      }
    }
  });
});
