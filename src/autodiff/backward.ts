/**
 * The reverse pass: a topological order of the recorded nodes, walked backwards,
 * each node's rule turning the gradient of its output into gradients of its
 * inputs. Gradients that broadcasting spread are summed back to each input's
 * shape here, in one place.
 *
 * When `createGraph` is false (first derivatives only) the rules run without
 * recording and the graph is released afterwards, so a long training loop does
 * not grow memory. With `createGraph`, the pass is itself recorded and the
 * returned gradients can be differentiated again (Hessian-vector products).
 */
import { ones, Tensor } from '../tensor/index.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { add, cast } from './ops/elementwise.js';
import { sumTo } from './ops/sumTo.js';
import { rules } from './rules.js';
import { type Node, type OpName, withRecording } from './tape.js';

export interface GradientsOptions {
  /** The vector the Jacobian is multiplied by (default: ones, for a scalar output). */
  seed?: Tensor;
  /** Record the backward pass so its results can be differentiated again. Default false. */
  createGraph?: boolean;
  /** Keep the graph after the pass (default: only when createGraph). */
  retainGraph?: boolean;
}

function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<number>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root.id);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.creator?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const c = inputs[i]!;
      if (c.requiresGrad && !seen.has(c.id)) {
        seen.add(c.id);
        stack.push([c, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/**
 * Gradients of `y` (times `seed`) with respect to each of `xs`: vector-Jacobian
 * products. An input that `y` does not depend on gets zeros.
 */
export function gradients(y: Tensor, xs: readonly Tensor[], opts: GradientsOptions = {}): Tensor[] {
  const createGraph = opts.createGraph ?? false;
  const retain = opts.retainGraph ?? createGraph;
  if (!opts.seed && y.size !== 1) {
    throw new RangeError(
      `gradients: output has shape ${formatShape(y.shape)}; give a seed of that shape for a non-scalar output`,
    );
  }
  const seed = opts.seed ?? ones(y.shape, y.dtype);
  if (!shapesEqual(seed.shape, y.shape)) {
    throw new RangeError(
      `gradients: seed shape ${formatShape(seed.shape)} differs from output shape ${formatShape(y.shape)}`,
    );
  }
  const grads = new Map<number, Tensor>();
  const wanted = new Set(xs.map((x) => x.id));
  const order = y.requiresGrad ? topoOrder(y) : [];
  withRecording(createGraph, () => {
    grads.set(y.id, seed);
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const node = t.creator as Node | null;
      const g = grads.get(t.id);
      if (!node || !g) continue;
      const rule = rules[node.op] as (g: Tensor, n: Node<OpName>) => (Tensor | null)[];
      const gs = rule(g, node);
      node.inputs.forEach((inp, i) => {
        const gi = gs[i];
        if (!gi || !inp.requiresGrad) return;
        let r = shapesEqual(gi.shape, inp.shape) ? gi : sumTo(gi, inp.shape);
        if (r.dtype !== inp.dtype) r = cast(r, inp.dtype);
        const prev = grads.get(inp.id);
        grads.set(inp.id, prev ? add(prev, r) : r);
      });
      if (!createGraph && !wanted.has(t.id)) grads.delete(t.id);
    }
  });
  const out = xs.map((x) => grads.get(x.id) ?? new Tensor(x.data.slice().fill(0), x.shape));
  if (!retain) for (const t of order) t.creator = null;
  return out;
}
