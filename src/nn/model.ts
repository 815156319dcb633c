/**
 * Model: a module tree, its ParameterSet (θ, ∇θ, buffers), a loss and a mode.
 *
 * - `lossAndGrad(X, Y)` runs the forward pass on the live views into θ (no copy
 *   of parameters per step: the leaf tensors are created once), differentiates
 *   the loss with `gradients(loss, paramTensors)` and copies each gradient into
 *   its view of ∇θ, so after the call `params.grad` holds ∇θ J on the batch:
 *   g = (1/m) ∇θ Σᵢ L(f(xᵢ; θ), yᵢ) (CORRECTIONS #4: overwritten, never
 *   accumulated across calls). Training mode updates batch-norm running
 *   statistics and draws dropout masks.
 * - `flatFunction(X, Y)` is the same loss as a differentiable function of the
 *   flat vector θ (the parameters are `reshape(slice(θ))` of its argument), so
 *   `tensorObjective` gives exact gradients and Hessian-vector products of the
 *   loss on fixed data (see objective.ts). It never updates running statistics
 *   and never draws dropout masks (fixed masks are honoured).
 *
 * Mode and random state are plain data (`getState`/`setState`); running
 * statistics live in `params.buffers`. Both are saved with θ (serialize.ts).
 */
import { gradients, noGrad, reshape, slice } from '../autodiff/index.js';
import { withRecording } from '../autodiff/tape.js';
import { Rng, type RngState } from '../random/index.js';
import { cast, type DType, Tensor, type TypedArray } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import { withScratch } from '../tensor/tensor.js';
import { Activation } from './activations.js';
import { BatchNorm } from './batchNorm.js';
import { Dropout } from './dropout.js';
import { fusedForward, fusedLoss } from './fusedStep.js';
import { Linear } from './linear.js';
import {
  accuracy,
  type LossFunction,
  type LossName,
  lossFunction,
  type Targets,
} from './losses.js';
import { LSTM } from './lstm.js';
import {
  type ForwardContext,
  isStochastic,
  liveContext,
  type Module,
  type Stochastic,
  walk,
} from './module.js';
import type { Parameter, ParameterSet } from './parameters.js';
import { RNN } from './rnn.js';
import { type LayerOutput, Sequential } from './sequential.js';

/** Modules known to keep no tensor of a forward pass after it (see `Model.forwardBackward`). */
const STATELESS = [Activation, BatchNorm, Dropout, Linear, LSTM, RNN, Sequential];

export interface ModelOptions {
  /** A loss name or function (default 'softmax-cross-entropy'). */
  loss?: LossName | LossFunction;
  /** Generator for the initialisers when the set is not yet allocated (default `new Rng(seed ?? 0)`). */
  rng?: Rng;
  seed?: number;
  /** A JSON description of the architecture, saved in the manifest (the mlp builder sets it). */
  config?: unknown;
  /** Mask over θ of the parameters weight decay should touch (default: `params.weightMask()`). */
  weightDecayMask?: Uint8Array;
}

/** Mode and random state of a model: plain data. */
export interface ModelState {
  training: boolean;
  /** Generator state of each stochastic module (dropout), by module name. */
  rngs: Record<string, RngState>;
  /** A copy of the buffers (running statistics). */
  buffers: TypedArray;
}

/** Options of `flatFunction` and `modelObjective`. */
export interface FlatOptions {
  /** Batch statistics in batch norm (true) or running ones (false). Default: the model's mode. */
  training?: boolean;
}

/**
 * A network, its flat parameters and its loss (see the module comment).
 *
 * @example
 * ```ts
 * import { Model, nn, Rng, tensor } from 'optlab';
 * const params = new nn.ParameterSet();
 * const net = new nn.Sequential([
 *   new nn.Linear(params, 'layer0', 3, 4),
 *   new nn.Activation('act0', 'tanh'),
 *   new nn.Linear(params, 'layer1', 4, 2),
 * ]);
 * const model = new Model(net, params, { loss: 'mse', rng: new Rng(1) });
 * const x = tensor([[1, 2, 3], [0, -1, 0.5]]);
 * const y = tensor([[0, 1], [1, 0]]);
 * console.log(model.size, model.lossAndGrad(x, y)); // θ has 26 entries; J(θ)
 * console.log(model.params.get('layer0.W').shape); // [3, 4]: a view into θ
 * ```
 */
export class Model {
  readonly net: Module;
  readonly params: ParameterSet;
  readonly loss: LossFunction;
  readonly lossName: LossName | 'custom';
  readonly config: unknown;
  readonly weightDecayMask: Uint8Array;
  /** Training mode (batch statistics, dropout on). New models start in training mode. */
  training = true;
  private readonly paramList: readonly Parameter[];
  private readonly leaves: Tensor[];
  private readonly stochastic: (Module & Stochastic)[];
  /** Whether a training step may recycle its buffers (built-in modules and loss only). */
  private readonly recycle: boolean;
  /** The training step's forward pass with Linear+activation fused (null: `net.forward`). */
  private readonly stepForward: ((x: Tensor, ctx: ForwardContext) => Tensor) | null;
  /** The training step's loss (softmax cross-entropy on labels fused). */
  private readonly stepLoss: LossFunction;

  constructor(net: Module, params: ParameterSet, opts: ModelOptions = {}) {
    this.net = net;
    this.params = params;
    const loss = opts.loss ?? 'softmax-cross-entropy';
    this.loss = typeof loss === 'function' ? loss : lossFunction(loss);
    this.lossName = typeof loss === 'function' ? 'custom' : loss;
    this.config = opts.config;
    if (!params.allocated) params.allocate(opts.rng ?? new Rng(opts.seed ?? 0));
    this.paramList = params.list;
    this.leaves = params.tensors;
    const names = new Set<string>();
    this.stochastic = [];
    for (const m of walk(net)) {
      if (!isStochastic(m)) continue;
      if (names.has(m.name))
        throw new RangeError(`Model: two stochastic modules are named '${m.name}'`);
      names.add(m.name);
      this.stochastic.push(m);
    }
    this.recycle =
      typeof loss !== 'function' && walk(net).every((m) => STATELESS.some((c) => m instanceof c));
    this.stepForward = fusedForward(net);
    this.stepLoss = fusedLoss(this.lossName, this.loss);
    this.weightDecayMask = opts.weightDecayMask ?? params.weightMask();
    if (this.weightDecayMask.length !== params.size) {
      throw new RangeError(
        `Model: weightDecayMask has length ${this.weightDecayMask.length}, θ has ${params.size}`,
      );
    }
  }

  get dtype(): DType {
    return this.params.dtype;
  }
  /** Number of trained parameters (length of θ). */
  get size(): number {
    return this.params.size;
  }
  get theta(): TypedArray {
    return this.params.theta;
  }
  get grad(): TypedArray {
    return this.params.grad;
  }

  train(): this {
    this.training = true;
    return this;
  }
  eval(): this {
    this.training = false;
    return this;
  }

  /** The input in the model's dtype (a data cast, not recorded). */
  private input(x: Tensor): Tensor {
    return x.dtype === this.dtype ? x : cast(x, this.dtype);
  }

  /** The network's output in the current mode (recorded when parameters need gradients). */
  forward(x: Tensor): Tensor {
    return this.net.forward(this.input(x), liveContext(this.training));
  }

  /**
   * The output without recording, in evaluation mode unless `training` is set
   * (then batch statistics are used but running statistics are not updated and
   * dropout stays off).
   */
  predict(x: Tensor, opts: { training?: boolean } = {}): Tensor {
    const ctx = opts.training
      ? { ...liveContext(true), updateStats: false, stochastic: false }
      : liveContext(false);
    return noGrad(() => this.net.forward(this.input(x), ctx));
  }

  /** Every layer's output (the net must be a Sequential), without recording, evaluation mode unless told. */
  activations(x: Tensor, opts: { training?: boolean } = {}): LayerOutput[] {
    if (!(this.net instanceof Sequential))
      throw new TypeError('Model.activations: the network is not a Sequential');
    const net = this.net;
    const ctx = opts.training
      ? { ...liveContext(true), updateStats: false, stochastic: false }
      : liveContext(false);
    return noGrad(() => net.forwardAll(this.input(x), ctx));
  }

  /** Loss and accuracy on (X, Y) without recording, evaluation mode unless told. */
  evaluate(
    x: Tensor,
    y: Targets,
    opts: { training?: boolean } = {},
  ): { loss: number; accuracy: number } {
    const out = this.predict(x, opts);
    return { loss: noGrad(() => this.loss(out, y).item()), accuracy: accuracy(out, y) };
  }

  /** Writes ∇θ J(X, Y) into `params.grad` and returns J (see the module comment). */
  lossAndGrad(x: Tensor, y: Targets): number {
    return this.forwardBackward(x, y).loss;
  }

  /**
   * As `lossAndGrad`, also returning the network's output (for training metrics).
   * When the model is made of built-in modules and a built-in loss, the step's
   * buffers (activations, tape gradients) are recycled across calls
   * (`withScratch`): nothing but ∇θ, the loss and a copy of the output survives
   * the call, so the next step reuses the memory instead of allocating it.
   * The step runs the fused forward pass and loss of fusedStep.ts (one tape
   * node for each Linear+activation pair and for softmax cross-entropy on
   * labels): first derivatives only, so `flatFunction` keeps the composite graph.
   */
  forwardBackward(x: Tensor, y: Targets): { loss: number; output: Tensor } {
    if (!this.recycle) return this.step(x, y);
    return withScratch(() => {
      const r = this.step(x, y);
      return { loss: r.loss, output: new Tensor(r.output.data.slice(), r.output.shape) };
    });
  }

  private step(x: Tensor, y: Targets): { loss: number; output: Tensor } {
    const ctx = liveContext(this.training);
    const xin = this.input(x);
    const fwd = this.stepForward;
    const [loss, out] = withRecording(true, () => {
      const o = fwd === null ? this.net.forward(xin, ctx) : fwd(xin, ctx);
      return [this.stepLoss(o, y), o] as const;
    });
    if (loss.size !== 1)
      throw new RangeError(
        `Model: the loss must be a scalar, got shape ${formatShape(loss.shape)}`,
      );
    const gs = gradients(loss, this.leaves);
    const list = this.paramList;
    for (let i = 0; i < list.length; i++) list[i]!.grad.set(gs[i]!.data);
    return { loss: loss.item(), output: out.detach() };
  }

  /**
   * The loss on fixed (X, Y) as a differentiable function of a flat θ tensor of
   * length `size` (see the module comment). X and Y are captured, not copied.
   */
  flatFunction(x: Tensor, y: Targets, opts: FlatOptions = {}): (theta: Tensor) => Tensor {
    const training = opts.training ?? this.training;
    const xin = this.input(x);
    const n = this.size;
    return (theta: Tensor) => {
      if (theta.rank !== 1 || theta.size !== n) {
        throw new RangeError(
          `Model.flatFunction: θ must have shape [${n}], got ${formatShape(theta.shape)}`,
        );
      }
      const views = new Map<Parameter, Tensor>();
      const ctx: ForwardContext = {
        training,
        updateStats: false,
        stochastic: false,
        param: (p) => {
          let t = views.get(p);
          if (!t) {
            t = reshape(slice(theta, [p.offset], [p.size]), p.shape);
            views.set(p, t);
          }
          return t;
        },
      };
      return this.loss(this.net.forward(xin, ctx), y);
    };
  }

  /** Mode, generator states and a copy of the buffers. */
  getState(): ModelState {
    const rngs: Record<string, RngState> = {};
    for (const m of this.stochastic) rngs[m.name] = m.rng.getState();
    return { training: this.training, rngs, buffers: this.params.buffers.slice() };
  }

  /** Restores what `getState` returned (names and sizes must match). */
  setState(s: ModelState): void {
    if (s.buffers.length !== this.params.bufferSize) {
      throw new RangeError(
        `Model.setState: ${s.buffers.length} buffer values for a model with ${this.params.bufferSize}`,
      );
    }
    const want = this.stochastic.map((m) => m.name).sort();
    const got = Object.keys(s.rngs).sort();
    if (want.join('\u0000') !== got.join('\u0000')) {
      throw new RangeError(
        `Model.setState: generator states for [${got.join(', ')}] but the model's stochastic modules are [${want.join(', ')}]`,
      );
    }
    for (const m of this.stochastic) m.rng.setState(s.rngs[m.name]!);
    this.params.buffers.set(s.buffers);
    this.training = s.training;
  }
}
