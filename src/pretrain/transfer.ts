/**
 * Transfer of parameters between models by name, and freezing.
 *
 * Parameters are named `<layer>.<short>` (`layer0.W`, `layer0.b`, `bn1.gamma`;
 * batch-norm running statistics are buffers `bn1.runningMean`, `bn1.runningVar`).
 * - `transferParameters(target, source, names?)` copies every parameter the two
 *   share by name (or the listed ones), values bit for bit (a float64 source
 *   into a float32 target rounds).
 * - `transferLayers(target, source, map)` copies whole layers under other
 *   names: `{layer0: 'layer2', bn0: 'bn2'}` copies `layer0.W` → `layer2.W`, … and
 *   the layer's buffers (greedy layer-wise stacking does this).
 * A saved model is a source too: build it (`loadMlp(path)` from
 * `nn/node`, or `mlp(config)` + `loadModel(model, path)`) and pass it.
 *
 * Freezing (fine-tuning only some layers, as in transfer learning): a
 * per-group learning rate of 0. `freezeLayers(model, optimizer, layers)` is
 * optim's `partition(labels, [optimizer, scale(0)])` with label 1 on the
 * frozen layers (`model.params.layerMask(layer)`): their update is 0·u, so θ
 * there does not change at all; the trainable group's optimizer state covers
 * only the trainable elements. Batch-norm running statistics of a frozen layer
 * still follow the data in training mode (they are buffers, not parameters);
 * put the model in `eval()` mode or use no batch norm where that matters.
 */
import type { Model } from '../nn/index.js';
import { type PartitionState, partition, scale } from '../optim/index.js';
import type { AnyTransform, Transform } from '../optim/types.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function copyOne(target: Model, source: Model, from: string, to: string): void {
  const s = source.params.get(from);
  const t = target.params.get(to);
  if (!sameShape(s.shape, t.shape)) {
    throw new RangeError(
      `transfer: '${from}' has shape [${s.shape.join(', ')}] but '${to}' has shape [${t.shape.join(', ')}]`,
    );
  }
  t.value.data.set(s.value.data);
}

/**
 * Copies parameters by name from `source` into `target`: the listed names, or
 * every name the two share (default). Returns the names copied. A listed name
 * missing from either model, or a shape mismatch, is a RangeError.
 */
export function transferParameters(
  target: Model,
  source: Model,
  names?: readonly string[],
): string[] {
  const list =
    names ??
    source.params.list
      .map((p) => p.name)
      .filter((n) => target.params.list.some((q) => q.name === n));
  for (const n of list) copyOne(target, source, n, n);
  return [...list];
}

/**
 * Copies whole layers: for each `[from, to]` of `map`, every parameter
 * `from.<short>` of the source into `to.<short>` of the target, and (unless
 * `buffers` is false) every buffer likewise. Returns the target names written.
 */
export function transferLayers(
  target: Model,
  source: Model,
  map: Readonly<Record<string, string>>,
  opts: { buffers?: boolean } = {},
): string[] {
  const written: string[] = [];
  for (const [from, to] of Object.entries(map)) {
    const ps = source.params.list.filter((p) => p.layer === from);
    if (ps.length === 0) {
      throw new RangeError(
        `transferLayers: the source has no layer '${from}'; have ${source.params.layers.join(', ')}`,
      );
    }
    for (const p of ps) {
      const short = p.name.slice(from.length);
      copyOne(target, source, p.name, `${to}${short}`);
      written.push(`${to}${short}`);
    }
    if (opts.buffers === false) continue;
    for (const b of source.params.bufferList) {
      if (b.layer !== from) continue;
      const name = `${to}${b.name.slice(from.length)}`;
      const tb = target.params.buffer(name);
      if (tb.size !== b.size)
        throw new RangeError(
          `transferLayers: buffer '${b.name}' has ${b.size} values, '${name}' ${tb.size}`,
        );
      tb.data.set(b.data);
      written.push(name);
    }
  }
  return written;
}

/** 1 over θ of the given layers (the frozen part). */
export function layersMask(model: Model, layers: readonly string[]): Uint8Array {
  const m = new Uint8Array(model.size);
  for (const l of layers) {
    const lm = model.params.layerMask(l);
    for (let i = 0; i < m.length; i++) if (lm[i] === 1) m[i] = 1;
  }
  return m;
}

/**
 * `optimizer` on every layer but `frozen`, learning rate 0 on those (see the
 * module comment). An empty `frozen` list is allowed (everything trains).
 */
export function freezeLayers(
  model: Model,
  optimizer: AnyTransform,
  frozen: readonly string[],
): Transform<PartitionState> {
  return partition(layersMask(model, frozen), [optimizer, scale(0)]);
}
