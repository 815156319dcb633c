/**
 * The module interface. A module is a differentiable function of its input and
 * of parameters it declared in a {@link ParameterSet}. It never holds parameter
 * tensors itself: `forward` asks the context for them (`ctx.param(p)`), so the
 * same module code runs
 * - on the live views into θ (training: gradients land on the leaf views and
 *   are copied into ∇θ), and
 * - on slices of a flat vector θ given as a tensor (`Model.flatFunction`), which
 *   makes the loss a differentiable function of θ for exact Hessian-vector
 *   products.
 */
import type { Rng } from '../random/index.js';
import type { Tensor } from '../tensor/index.js';
import type { Parameter } from './parameters.js';

/** How a forward pass runs. */
export interface ForwardContext {
  /** Training mode: batch norm uses batch statistics, dropout drops. */
  readonly training: boolean;
  /** Update batch-norm running statistics (only in training mode). */
  readonly updateStats: boolean;
  /**
   * Whether dropout draws fresh random masks. When false (and in evaluation
   * mode), dropout uses its fixed mask if one is set, else its test-time form.
   */
  readonly stochastic: boolean;
  /** The tensor of a parameter. */
  param(p: Parameter): Tensor;
}

export interface Module {
  /** The module's name (prefix of its parameter names). */
  readonly name: string;
  /** Maps a batch to a batch. */
  forward(x: Tensor, ctx: ForwardContext): Tensor;
  /** Direct submodules (for walking the tree). */
  children(): readonly Module[];
}

/** A module with random state (dropout): its generator state is saved with the model. */
export interface Stochastic {
  readonly rng: Rng;
}

export function isStochastic(m: Module): m is Module & Stochastic {
  return (m as Partial<Stochastic>).rng !== undefined;
}

/** Every module of a tree, depth first, the root first. */
export function walk(root: Module): Module[] {
  const out: Module[] = [];
  const rec = (m: Module) => {
    out.push(m);
    for (const c of m.children()) rec(c);
  };
  rec(root);
  return out;
}

const live = (p: Parameter): Tensor => p.value;
const TRAIN: ForwardContext = Object.freeze({
  training: true,
  updateStats: true,
  stochastic: true,
  param: live,
});
const EVAL: ForwardContext = Object.freeze({
  training: false,
  updateStats: false,
  stochastic: false,
  param: live,
});

/** The context of an ordinary training or evaluation pass over the live θ. */
export function liveContext(training: boolean): ForwardContext {
  return training ? TRAIN : EVAL;
}
