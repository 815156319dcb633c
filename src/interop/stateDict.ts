/**
 * A model's parameters under PyTorch's `state_dict` names, so that an `mlp`
 * trained in optlab loads into the equivalent `torch.nn.Sequential` (and back):
 * the i-th module of the network's `Sequential` is PyTorch's module i, so
 *
 *   Linear      → "i.weight" [out, in] (optlab stores W as [in, out]: transposed),
 *                 "i.bias" [out]
 *   BatchNorm   → "i.weight" (γ), "i.bias" (β), "i.running_mean",
 *                 "i.running_var", "i.num_batches_tracked" (0: optlab does not count)
 *   Activation, Dropout → nothing (they keep their index, as in PyTorch)
 *
 * PyTorch equivalent of `mlp({sizes: [784, 100, 10]})`:
 * `nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10))`.
 */
import { BatchNorm, Linear, type Model, Sequential } from '../nn/index.js';
import type { SafeTensor } from './safetensors.js';

function net(model: Model): Sequential {
  if (!(model.net instanceof Sequential))
    throw new TypeError(
      'stateDict: only models whose network is a Sequential (mlp) have PyTorch names',
    );
  return model.net;
}

/** The model's tensors under PyTorch names, in module order (float dtype of the model). */
export function toStateDict(model: Model): Map<string, SafeTensor> {
  const dtype = model.dtype === 'float64' ? 'F64' : 'F32';
  const out = new Map<string, SafeTensor>();
  net(model).layers.forEach((layer, i) => {
    if (layer instanceof Linear) {
      const [nin, nout] = layer.W.shape as [number, number];
      const w = layer.W.value.data;
      const data = new Float64Array(nin * nout);
      for (let r = 0; r < nin; r++)
        for (let c = 0; c < nout; c++) data[c * nin + r] = w[r * nout + c]!;
      out.set(`${i}.weight`, { dtype, shape: [nout, nin], data });
      if (layer.b)
        out.set(`${i}.bias`, { dtype, shape: [nout], data: Float64Array.from(layer.b.value.data) });
    } else if (layer instanceof BatchNorm) {
      const n = layer.gamma.size;
      out.set(`${i}.weight`, {
        dtype,
        shape: [n],
        data: Float64Array.from(layer.gamma.value.data),
      });
      out.set(`${i}.bias`, { dtype, shape: [n], data: Float64Array.from(layer.beta.value.data) });
      out.set(`${i}.running_mean`, {
        dtype,
        shape: [n],
        data: Float64Array.from(layer.runningMean.data),
      });
      out.set(`${i}.running_var`, {
        dtype,
        shape: [n],
        data: Float64Array.from(layer.runningVar.data),
      });
      out.set(`${i}.num_batches_tracked`, { dtype: 'I64', shape: [], data: new Float64Array(1) });
    }
  });
  return out;
}

/**
 * Loads tensors under PyTorch names into the model (in place). Every expected
 * name must be present with its shape, and nothing else may be (as PyTorch's
 * `load_state_dict(strict=True)`); errors name the tensor.
 */
export function loadStateDict(model: Model, tensors: ReadonlyMap<string, SafeTensor>): void {
  const expected = toStateDict(model);
  const unexpected = [...tensors.keys()].filter((k) => !expected.has(k));
  const missing = [...expected.keys()].filter((k) => !tensors.has(k));
  if (unexpected.length || missing.length) {
    throw new RangeError(
      `loadStateDict: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && unexpected.length ? '; ' : ''}${unexpected.length ? `unexpected ${unexpected.join(', ')}` : ''}`,
    );
  }
  for (const [name, want] of expected) {
    const got = tensors.get(name)!;
    if (got.shape.length !== want.shape.length || got.shape.some((d, k) => d !== want.shape[k]))
      throw new RangeError(
        `loadStateDict: ${name} has shape [${got.shape}], the model needs [${want.shape}]`,
      );
    for (let i = 0; i < got.data.length; i++) {
      if (!Number.isFinite(got.data[i]!))
        throw new RangeError(`loadStateDict: ${name}[${i}] is ${got.data[i]}, not a finite number`);
    }
  }
  net(model).layers.forEach((layer, i) => {
    if (layer instanceof Linear) {
      const [nin, nout] = layer.W.shape as [number, number];
      const src = tensors.get(`${i}.weight`)!.data;
      const w = layer.W.value.data;
      for (let r = 0; r < nin; r++)
        for (let c = 0; c < nout; c++) w[r * nout + c] = src[c * nin + r]!;
      if (layer.b) layer.b.value.data.set(tensors.get(`${i}.bias`)!.data);
    } else if (layer instanceof BatchNorm) {
      layer.gamma.value.data.set(tensors.get(`${i}.weight`)!.data);
      layer.beta.value.data.set(tensors.get(`${i}.bias`)!.data);
      layer.runningMean.data.set(tensors.get(`${i}.running_mean`)!.data);
      layer.runningVar.data.set(tensors.get(`${i}.running_var`)!.data);
    }
  });
}
