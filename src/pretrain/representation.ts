/**
 * Representations of a whole dataset at a named point of an mlp: the input to
 * the next stage of greedy layer-wise pretraining, the teacher's hint layer and
 * soft outputs in FitNets. Computed in batches without recording, in evaluation
 * mode (batch norm uses running statistics, dropout and input corruption are off).
 */
import { z } from 'zod';
import { type Dataset, type FloatArray, makeDataset } from '../data/index.js';
import { type Model, Sequential } from '../nn/index.js';
import { count, parseOptions } from '../options/index.js';
import { Tensor } from '../tensor/index.js';
import { allocate } from '../tensor/tensor.js';

/** Rows of a module's output for every example: row-major, `n × width`, in the model's dtype. */
export interface LayerValues {
  values: FloatArray;
  width: number;
}

function sequentialOf(model: Model, where: string): Sequential {
  if (!(model.net instanceof Sequential))
    throw new TypeError(`${where}: the model's network is not a Sequential (build it with mlp)`);
  return model.net;
}

/**
 * The output of the module named `name` (the network's output when omitted) for
 * every row of `data`, in evaluation mode. `batchSize` [1000] rows per pass.
 */
/** The options of {@link layerValues}: rows per forward pass, `batchSize` 1000. */
export const layerValuesSchema = z.strictObject({ batchSize: count().default(1000) });

export function layerValues(
  model: Model,
  data: Dataset<FloatArray>,
  name?: string,
  opts: z.input<typeof layerValuesSchema> = {},
): LayerValues {
  const net = sequentialOf(model, 'layerValues');
  const at =
    name === undefined ? net.layers.length - 1 : net.layers.findIndex((l) => l.name === name);
  if (at < 0) {
    throw new RangeError(
      `layerValues: no module '${name}'; have ${net.layers.map((l) => l.name).join(', ')}`,
    );
  }
  const { batchSize: bs } = parseOptions('layerValues', layerValuesSchema, opts);
  const f = data.features;
  const wasTraining = model.training;
  model.eval();
  let out: FloatArray | null = null;
  let width = 0;
  try {
    for (let s = 0; s < data.n; s += bs) {
      const m = Math.min(bs, data.n - s);
      const x = new Tensor(data.x.subarray(s * f, (s + m) * f), [m, f]);
      const acts = model.activations(x);
      const y = acts[at]!.output;
      if (!out) {
        width = y.size / m;
        out = allocate(model.dtype, data.n * width);
      }
      out.set(y.data, s * width);
    }
  } finally {
    if (wasTraining) model.train();
  }
  return { values: out ?? allocate(model.dtype, 0), width };
}

/**
 * The name of the module whose output is hidden block `block` of an mlp: the
 * module just before `layer{block+1}` (the activation, or batch norm placed
 * after it, or dropout).
 */
export function blockOutputName(model: Model, block: number): string {
  const net = sequentialOf(model, 'blockOutputName');
  const next = net.layers.findIndex((l) => l.name === `layer${block + 1}`);
  if (!Number.isInteger(block) || block < 0 || next < 1) {
    throw new RangeError(
      `blockOutputName: block must be a hidden block index in [0, ${countLinear(net) - 2}], got ${block}`,
    );
  }
  return net.layers[next - 1]!.name;
}

function countLinear(net: Sequential): number {
  return net.layers.filter((l) => /^layer\d+$/.test(l.name)).length;
}

/**
 * The dataset of hidden block `block`'s outputs (labels, classes and name kept):
 * what the next layer of a greedy layer-wise scheme is trained on.
 */
export function hiddenDataset(
  model: Model,
  data: Dataset<FloatArray>,
  block: number,
  opts: z.input<typeof layerValuesSchema> = {},
): Dataset<FloatArray> {
  const { values, width } = layerValues(model, data, blockOutputName(model, block), opts);
  return makeDataset({
    x: values,
    y: data.y,
    shape: [width],
    classes: data.classes,
    name: `${data.name ?? 'data'}/h${block + 1}`,
  });
}
