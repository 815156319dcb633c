/**
 * ONNX export of an `mlp` for inference (https://onnx.ai, opset 13): the graph
 * computes the network's logits from `input` [N, n₀] —
 *
 *   Linear      → MatMul(x, W) then Add(·, b)          (W as optlab stores it, [in, out])
 *   BatchNorm   → BatchNormalization(x, γ, β, running mean, running var; epsilon)
 *   Activation  → Relu | Tanh | Sigmoid | LeakyRelu(alpha) | Softplus | Identity
 *   Dropout     → nothing (inference)
 *
 * and, with `probabilities: true`, a second output Softmax(logits, axis=1).
 * Weights are stored as float32 (`dtype: 'float32'`, default: what runtimes
 * expect) or float64. The file is written with a small protobuf encoder of our
 * own (`protobuf.ts`); `describeOnnx` parses one back for checking.
 */
import { Activation, BatchNorm, Dropout, Linear, type Model, Sequential } from '../nn/index.js';
import { encodeMessage, type Field, readMessage } from './protobuf.js';

export interface OnnxOptions {
  /** Weight and input element type. Default 'float32'. */
  dtype?: 'float32' | 'float64';
  /** Add an output `probabilities` = softmax(logits). Default false. */
  probabilities?: boolean;
  /** Graph name. Default 'optlab-mlp'. */
  name?: string;
}

const ELEM = { float32: 1, float64: 11 } as const;

function tensorProto(
  name: string,
  dims: number[],
  data: ArrayLike<number>,
  dtype: 'float32' | 'float64',
): Field[] {
  const raw =
    dtype === 'float32'
      ? Float32Array.from(data as ArrayLike<number>)
      : Float64Array.from(data as ArrayLike<number>);
  const bytes = new Uint8Array(raw.buffer.slice(0));
  return [
    ...dims.map((d) => ({ n: 1, varint: d })),
    { n: 2, varint: ELEM[dtype] },
    { n: 8, str: name },
    { n: 9, bytes },
  ];
}

function valueInfo(name: string, dims: (number | string)[], dtype: 'float32' | 'float64'): Field[] {
  const dim = dims.map(
    (d): Field => ({ n: 1, msg: [typeof d === 'number' ? { n: 1, varint: d } : { n: 2, str: d }] }),
  );
  return [
    { n: 1, str: name },
    {
      n: 2,
      msg: [
        {
          n: 1,
          msg: [
            { n: 1, varint: ELEM[dtype] },
            { n: 2, msg: dim },
          ],
        },
      ],
    },
  ];
}

function node(
  op: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attrs: Field[][] = [],
): Field {
  return {
    n: 1,
    msg: [
      ...inputs.map((s) => ({ n: 1, str: s })),
      ...outputs.map((s) => ({ n: 2, str: s })),
      { n: 3, str: name },
      { n: 4, str: op },
      ...attrs.map((a) => ({ n: 5, msg: a })),
    ],
  };
}

const floatAttr = (name: string, v: number): Field[] => [
  { n: 1, str: name },
  { n: 2, f32: v },
  { n: 20, varint: 1 },
];
const intAttr = (name: string, v: number): Field[] => [
  { n: 1, str: name },
  { n: 3, varint: v },
  { n: 20, varint: 2 },
];

/** The ONNX model (bytes of a ModelProto) of an mlp. */
export function exportOnnx(model: Model, o: OnnxOptions = {}): Uint8Array {
  const dtype = o.dtype ?? 'float32';
  if (!(model.net instanceof Sequential))
    throw new TypeError('exportOnnx: only Sequential networks (mlp) export');
  const layers = model.net.layers;
  const nodes: Field[] = [];
  const inits: Field[] = [];
  let x = 'input';
  let width = -1;
  let first = -1;
  layers.forEach((layer, i) => {
    const out = `h${i}`;
    if (layer instanceof Linear) {
      const [nin, nout] = layer.W.shape as [number, number];
      if (first < 0) first = nin;
      width = nout;
      inits.push({ n: 5, msg: tensorProto(`${i}.W`, [nin, nout], layer.W.value.data, dtype) });
      if (layer.b) {
        inits.push({ n: 5, msg: tensorProto(`${i}.b`, [nout], layer.b.value.data, dtype) });
        nodes.push(node('MatMul', [x, `${i}.W`], [`${out}.mm`], `${i}.matmul`));
        nodes.push(node('Add', [`${out}.mm`, `${i}.b`], [out], `${i}.add`));
      } else nodes.push(node('MatMul', [x, `${i}.W`], [out], `${i}.matmul`));
    } else if (layer instanceof BatchNorm) {
      const n = layer.gamma.size;
      inits.push({ n: 5, msg: tensorProto(`${i}.scale`, [n], layer.gamma.value.data, dtype) });
      inits.push({ n: 5, msg: tensorProto(`${i}.bias`, [n], layer.beta.value.data, dtype) });
      inits.push({ n: 5, msg: tensorProto(`${i}.mean`, [n], layer.runningMean.data, dtype) });
      inits.push({ n: 5, msg: tensorProto(`${i}.var`, [n], layer.runningVar.data, dtype) });
      nodes.push(
        node(
          'BatchNormalization',
          [x, `${i}.scale`, `${i}.bias`, `${i}.mean`, `${i}.var`],
          [out],
          `${i}.bn`,
          [floatAttr('epsilon', layer.config.eps)],
        ),
      );
    } else if (layer instanceof Activation) {
      const a = layer.config;
      const op = {
        relu: 'Relu',
        tanh: 'Tanh',
        sigmoid: 'Sigmoid',
        'leaky-relu': 'LeakyRelu',
        softplus: 'Softplus',
        identity: 'Identity',
      }[a.name as 'relu'];
      if (!op) throw new RangeError(`exportOnnx: activation ${a.name} has no ONNX operator here`);
      nodes.push(
        node(
          op,
          [x],
          [out],
          `${i}.act`,
          a.name === 'leaky-relu' ? [floatAttr('alpha', a.alpha)] : [],
        ),
      );
    } else if (layer instanceof Dropout) {
      return;
    } else {
      throw new RangeError(`exportOnnx: layer ${layer.name} has no ONNX form`);
    }
    x = out;
  });
  nodes.push(node('Identity', [x], ['logits'], 'output'));
  const outputs: Field[] = [{ n: 12, msg: valueInfo('logits', ['N', width], dtype) }];
  if (o.probabilities) {
    nodes.push(node('Softmax', ['logits'], ['probabilities'], 'softmax', [intAttr('axis', 1)]));
    outputs.push({ n: 12, msg: valueInfo('probabilities', ['N', width], dtype) });
  }
  const graph: Field[] = [
    ...nodes,
    { n: 2, str: o.name ?? 'optlab-mlp' },
    ...inits,
    { n: 11, msg: valueInfo('input', ['N', first], dtype) },
    ...outputs,
  ];
  return encodeMessage([
    { n: 1, varint: 8 },
    { n: 2, str: 'optlab' },
    { n: 7, msg: graph },
    {
      n: 8,
      msg: [
        { n: 1, str: '' },
        { n: 2, varint: 13 },
      ],
    },
  ]);
}

/** What an ONNX file holds, parsed back: IR version, opset, node types, initializer shapes, inputs and outputs. */
export function describeOnnx(bytes: Uint8Array): {
  irVersion: number;
  opset: number;
  nodes: string[];
  initializers: { name: string; dims: number[] }[];
  inputs: string[];
  outputs: string[];
} {
  const dec = new TextDecoder();
  const top = readMessage(bytes);
  const graphField = top.find((f) => f.n === 7);
  if (!graphField) throw new Error('onnx: no graph in the file');
  const graph = readMessage(graphField.value as Uint8Array);
  const str = (fs: ReturnType<typeof readMessage>, n: number) =>
    fs.filter((f) => f.n === n).map((f) => dec.decode(f.value as Uint8Array));
  const opsetMsg = top.find((f) => f.n === 8);
  return {
    irVersion: Number(top.find((f) => f.n === 1)?.value ?? 0),
    opset: opsetMsg
      ? Number(readMessage(opsetMsg.value as Uint8Array).find((f) => f.n === 2)?.value ?? 0)
      : 0,
    nodes: graph
      .filter((f) => f.n === 1)
      .map((f) => str(readMessage(f.value as Uint8Array), 4)[0] ?? ''),
    initializers: graph
      .filter((f) => f.n === 5)
      .map((f) => {
        const t = readMessage(f.value as Uint8Array);
        return {
          name: str(t, 8)[0] ?? '',
          dims: t.filter((d) => d.n === 1).map((d) => Number(d.value)),
        };
      }),
    inputs: graph
      .filter((f) => f.n === 11)
      .map((f) => str(readMessage(f.value as Uint8Array), 1)[0] ?? ''),
    outputs: graph
      .filter((f) => f.n === 12)
      .map((f) => str(readMessage(f.value as Uint8Array), 1)[0] ?? ''),
  };
}
