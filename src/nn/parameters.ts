/**
 * ParameterSet: every trained parameter of a model is a view into ONE flat
 * vector θ, with one flat gradient vector ∇θ beside it (DESIGN layer 5). The book
 * writes θ as a vector; so do the optimizers, solvers and diagnostics, which see
 * `theta` and `grad` directly and update them in one pass over memory.
 *
 * Life cycle: modules `declare` their parameters (name, shape, kind, layer and an
 * initialiser) and their non-trained buffers (running statistics); `allocate(rng)`
 * then creates the two flat arrays, the per-parameter views (a leaf `Tensor`
 * over θ and a typed-array view over ∇θ, created once, reused every step) and
 * runs the initialisers in declaration order, so one seed gives the same bits.
 *
 * Buffers (batch-norm running mean/variance) live in a separate flat array
 * `buffers` of the same dtype: they are saved with θ but never trained, never
 * decayed and invisible to optimizers.
 */
import type { Initializer } from '../init/index.js';
import type { Rng } from '../random/index.js';
import { type DType, type Shape, Tensor, type TypedArray } from '../tensor/index.js';
import { sizeOf } from '../tensor/shape.js';
import { allocate } from '../tensor/tensor.js';

/** What a parameter is for: masks select by kind (e.g. decay weights only). */
export type ParamKind = 'weight' | 'bias' | 'gamma' | 'beta' | 'recurrent';

/** Every kind, in a fixed order. */
export const PARAM_KINDS: readonly ParamKind[] = ['weight', 'bias', 'gamma', 'beta', 'recurrent'];

/** What a module declares for one parameter. */
export interface ParamSpec {
  /** Unique name, conventionally `<layer>.<short>` ("layer0.W", "bn1.gamma"). */
  name: string;
  shape: Shape;
  kind: ParamKind;
  /** The layer (module) it belongs to, for per-layer masks and learning rates. */
  layer: string;
  /**
   * Fills the initial values; called as `init(view, fanIn, fanOut, rng)` with the
   * fans below (a bias is a [1, n] matrix). Default: zeros.
   */
  init?: Initializer;
  /** Fan-in given to `init` (default: shape[0] for rank 2, else 1). */
  fanIn?: number;
  /** Fan-out given to `init` (default: size / fanIn). */
  fanOut?: number;
}

/** A declared parameter; `value` and `grad` exist once the set is allocated. */
export interface Parameter {
  readonly name: string;
  readonly shape: Shape;
  readonly kind: ParamKind;
  readonly layer: string;
  /** Position of its first element in θ. */
  readonly offset: number;
  readonly size: number;
  /** A leaf tensor (requiresGrad) whose data is θ[offset, offset + size). */
  readonly value: Tensor;
  /** The view ∇θ[offset, offset + size). */
  readonly grad: TypedArray;
}

/** A declared buffer (plain state, not trained). */
export interface BufferSpec {
  name: string;
  shape: Shape;
  layer: string;
  /** Initial value of every element (default 0). */
  fill?: number;
}

export interface Buffer {
  readonly name: string;
  readonly shape: Shape;
  readonly layer: string;
  readonly offset: number;
  readonly size: number;
  readonly fill: number;
  /** The view buffers[offset, offset + size). */
  readonly data: TypedArray;
  /** A constant tensor (no gradient) over `data`. */
  readonly tensor: Tensor;
}

interface Pending {
  spec: ParamSpec;
  param: { -readonly [K in keyof Parameter]: Parameter[K] };
}

const NAME_RE = /^[A-Za-z0-9_.:/-]+$/;

function checkName(where: string, name: string, seen: Set<string>): void {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new TypeError(
      `${where}: name must be a non-empty string of [A-Za-z0-9_.:/-], got ${JSON.stringify(name)}`,
    );
  }
  if (seen.has(name)) throw new RangeError(`${where}: the name '${name}' is already declared`);
  seen.add(name);
}

export class ParameterSet {
  readonly dtype: DType;
  private readonly pending: Pending[] = [];
  private readonly bufferSpecs: Buffer[] = [];
  private readonly names = new Set<string>();
  private thetaArr: TypedArray | null = null;
  private gradArr: TypedArray | null = null;
  private bufferArr: TypedArray | null = null;
  private byName = new Map<string, Parameter>();
  private n = 0;
  private nb = 0;

  constructor(dtype: DType = 'float64') {
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new TypeError(
        `ParameterSet: dtype must be 'float32' or 'float64', got ${String(dtype)}`,
      );
    }
    this.dtype = dtype;
  }

  /** Declares a parameter; its views are filled in by `allocate`. */
  declare(spec: ParamSpec): Parameter {
    this.checkOpen('declare');
    checkName('ParameterSet.declare', spec.name, this.names);
    if (!PARAM_KINDS.includes(spec.kind)) {
      throw new RangeError(
        `ParameterSet.declare: kind of '${spec.name}' must be one of ${PARAM_KINDS.join(', ')}, got ${String(spec.kind)}`,
      );
    }
    const size = sizeOf(spec.shape);
    if (size < 1)
      throw new RangeError(
        `ParameterSet.declare: '${spec.name}' has no elements (shape [${spec.shape.join(', ')}])`,
      );
    const offset = this.n;
    this.n += size;
    const param = {
      name: spec.name,
      shape: Object.freeze([...spec.shape]),
      kind: spec.kind,
      layer: spec.layer,
      offset,
      size,
      value: null as unknown as Tensor,
      grad: null as unknown as TypedArray,
    };
    this.pending.push({ spec, param });
    this.byName.set(spec.name, param);
    return param;
  }

  /** Declares a buffer (running statistics): saved with θ, never trained. */
  declareBuffer(spec: BufferSpec): Buffer {
    this.checkOpen('declareBuffer');
    checkName('ParameterSet.declareBuffer', spec.name, this.names);
    const size = sizeOf(spec.shape);
    const offset = this.nb;
    this.nb += size;
    const b = {
      name: spec.name,
      shape: Object.freeze([...spec.shape]),
      layer: spec.layer,
      offset,
      size,
      fill: spec.fill ?? 0,
      data: null as unknown as TypedArray,
      tensor: null as unknown as Tensor,
    };
    this.bufferSpecs.push(b);
    return b;
  }

  private checkOpen(where: string): void {
    if (this.thetaArr)
      throw new Error(
        `ParameterSet.${where}: the set is already allocated; declare everything first`,
      );
  }

  get allocated(): boolean {
    return this.thetaArr !== null;
  }

  /** Creates θ, ∇θ and the buffers, makes the views and runs the initialisers with `rng`. */
  allocate(rng: Rng): void {
    this.checkOpen('allocate');
    const theta = allocate(this.dtype, this.n);
    const grad = allocate(this.dtype, this.n);
    const bufs = allocate(this.dtype, this.nb);
    for (const { param } of this.pending) {
      const v = new Tensor(theta.subarray(param.offset, param.offset + param.size), param.shape);
      v.requiresGrad = true;
      param.value = v;
      param.grad = grad.subarray(param.offset, param.offset + param.size);
    }
    for (const b of this.bufferSpecs as { -readonly [K in keyof Buffer]: Buffer[K] }[]) {
      b.data = bufs.subarray(b.offset, b.offset + b.size);
      b.tensor = new Tensor(b.data, b.shape);
    }
    this.thetaArr = theta;
    this.gradArr = grad;
    this.bufferArr = bufs;
    this.reinitialize(rng);
  }

  /** Runs every initialiser again (declaration order) and resets the buffers to their fill values. */
  reinitialize(rng: Rng): void {
    for (const { spec, param } of this.pending) {
      const view = param.value.data;
      if (!spec.init) {
        view.fill(0);
        continue;
      }
      const fanIn = spec.fanIn ?? (param.shape.length === 2 ? param.shape[0]! : 1);
      const fanOut = spec.fanOut ?? param.size / fanIn;
      spec.init(view, fanIn, fanOut, rng);
    }
    for (const b of this.bufferSpecs) b.data.fill(b.fill);
  }

  private need<T>(x: T | null): T {
    if (x === null)
      throw new Error('ParameterSet: not allocated yet (call allocate(rng) or build a Model)');
    return x;
  }

  /** θ, the flat parameter vector (live: writing it changes the model). */
  get theta(): TypedArray {
    return this.need(this.thetaArr);
  }
  /** ∇θ, the flat gradient vector written by `Model.lossAndGrad`. */
  get grad(): TypedArray {
    return this.need(this.gradArr);
  }
  /** All buffers, one flat array (live). */
  get buffers(): TypedArray {
    return this.need(this.bufferArr);
  }
  /** Length of θ. */
  get size(): number {
    return this.n;
  }
  /** Length of the buffer array. */
  get bufferSize(): number {
    return this.nb;
  }
  /** Parameters in declaration (= θ) order. */
  get list(): readonly Parameter[] {
    return this.pending.map((p) => p.param);
  }
  get bufferList(): readonly Buffer[] {
    return this.bufferSpecs;
  }
  /** The leaf tensors, in θ order (for `gradients(loss, tensors)`). */
  get tensors(): Tensor[] {
    return this.pending.map((p) => p.param.value);
  }
  /** Layer names in order of first appearance. */
  get layers(): string[] {
    return [...new Set(this.pending.map((p) => p.param.layer))];
  }

  get(name: string): Parameter {
    const p = this.byName.get(name);
    if (!p)
      throw new RangeError(
        `ParameterSet: no parameter named '${name}'; have ${[...this.byName.keys()].join(', ')}`,
      );
    return p;
  }

  buffer(name: string): Buffer {
    const b = this.bufferSpecs.find((x) => x.name === name);
    if (!b) throw new RangeError(`ParameterSet: no buffer named '${name}'`);
    return b;
  }

  /** A Uint8Array over θ: 1 where `pick(param)` holds. */
  mask(pick: (p: Parameter) => boolean): Uint8Array {
    const m = new Uint8Array(this.size);
    for (const { param } of this.pending)
      if (pick(param)) m.fill(1, param.offset, param.offset + param.size);
    return m;
  }
  /** 1 over parameters of the given kinds. */
  kindMask(...kinds: ParamKind[]): Uint8Array {
    return this.mask((p) => kinds.includes(p.kind));
  }
  /**
   * The rank-2 weight parameters as row-major blocks of θ ({offset, rows,
   * cols}), for the optimizers that treat a weight matrix as a matrix (Muon,
   * Shampoo, SOAP).
   */
  matrixBlocks(): { offset: number; rows: number; cols: number }[] {
    return this.list
      .filter((p) => p.kind === 'weight' && p.shape.length === 2)
      .map((p) => ({ offset: p.offset, rows: p.shape[0]!, cols: p.shape[1]! }));
  }

  /** 1 over weights (kind 'weight' and 'recurrent'): what weight decay usually touches. */
  weightMask(): Uint8Array {
    return this.kindMask('weight', 'recurrent');
  }
  /** 1 over biases and batch-norm shifts and scales (everything that is not a weight). */
  biasMask(): Uint8Array {
    return this.mask((p) => p.kind !== 'weight' && p.kind !== 'recurrent');
  }
  /** 1 over the parameters of one layer. */
  layerMask(layer: string): Uint8Array {
    if (!this.layers.includes(layer)) {
      throw new RangeError(
        `ParameterSet.layerMask: no layer '${layer}'; have ${this.layers.join(', ')}`,
      );
    }
    return this.mask((p) => p.layer === layer);
  }

  /** A Float64Array copy of θ (into `out` when given). */
  getFlat(out: Float64Array = new Float64Array(this.size)): Float64Array {
    if (out.length !== this.size)
      throw new RangeError(
        `ParameterSet.getFlat: out has length ${out.length}, θ has ${this.size}`,
      );
    out.set(this.theta);
    return out;
  }
  /** Overwrites θ with `x` (rounded to float32 for a float32 set). */
  setFlat(x: ArrayLike<number>): void {
    if (x.length !== this.size)
      throw new RangeError(`ParameterSet.setFlat: x has length ${x.length}, θ has ${this.size}`);
    this.theta.set(x);
  }
  /** A Float64Array copy of ∇θ. */
  getGrad(out: Float64Array = new Float64Array(this.size)): Float64Array {
    if (out.length !== this.size)
      throw new RangeError(
        `ParameterSet.getGrad: out has length ${out.length}, θ has ${this.size}`,
      );
    out.set(this.grad);
    return out;
  }
  /** Sets ∇θ to zero. */
  zeroGrad(): void {
    this.grad.fill(0);
  }
}
