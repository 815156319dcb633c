/**
 * ParameterSet: every trained parameter of a model is a view into ONE flat
 * vector θ, with one flat gradient vector ∇θ beside it (DESIGN layer 5). The book
 * writes θ as a vector; so do the optimizers, solvers and diagnostics, which see
 * `theta` and `grad` directly and update them in one pass over memory.
 *
 * Life cycle: modules `declare` their parameters (name, shape, kind, layer and an
 * initialiser) and their non-trained buffers (running statistics) and keep the
 * HANDLE `declare` returns: where the parameter sits in θ. `allocate(rng)` then
 * creates the two flat arrays and the per-parameter views (a leaf `Tensor` over
 * θ and a typed-array view over ∇θ, created once, reused every step), which the
 * set owns, and runs the initialisers in declaration order, so one seed gives
 * the same bits. A module reads its parameter through the handle (`p.value`,
 * or `ctx.param(p)` in a forward pass); before `allocate` that is a clear error,
 * never a null posing as a tensor.
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

/**
 * The handle of a declared parameter: its place in θ. The views it reads
 * (`value`, `grad`) belong to the set and exist once the set is allocated;
 * reading them earlier throws.
 */
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

/** What a module declares for one buffer (plain state, not trained). */
export interface BufferSpec {
  name: string;
  shape: Shape;
  layer: string;
  /** Initial value of every element (default 0). */
  fill?: number;
}

/** The handle of a declared buffer; `data` and `tensor` exist once the set is allocated. */
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

/** The views of an allocated set, owned by the set, indexed by declaration order. */
interface Views {
  readonly values: Tensor[];
  readonly grads: TypedArray[];
  readonly bufferData: TypedArray[];
  readonly bufferTensors: Tensor[];
}

const NOT_ALLOCATED = 'ParameterSet: not allocated yet (call allocate(rng) or build a Model)';

/** A parameter's handle: plain fields plus `value`/`grad`, read from the set's views. */
class ParamHandle implements Parameter {
  readonly name: string;
  readonly shape: Shape;
  readonly kind: ParamKind;
  readonly layer: string;
  constructor(
    private readonly views: () => Views,
    readonly index: number,
    readonly spec: Readonly<ParamSpec>,
    readonly offset: number,
    readonly size: number,
  ) {
    this.name = spec.name;
    this.shape = Object.freeze([...spec.shape]);
    this.kind = spec.kind;
    this.layer = spec.layer;
  }
  get value(): Tensor {
    return this.views().values[this.index]!;
  }
  get grad(): TypedArray {
    return this.views().grads[this.index]!;
  }
}

/** A buffer's handle: plain fields plus `data`/`tensor`, read from the set's views. */
class BufferHandle implements Buffer {
  readonly shape: Shape;
  readonly fill: number;
  constructor(
    private readonly views: () => Views,
    readonly index: number,
    readonly name: string,
    shape: Shape,
    readonly layer: string,
    readonly offset: number,
    readonly size: number,
    fill: number | undefined,
  ) {
    this.shape = Object.freeze([...shape]);
    this.fill = fill ?? 0;
  }
  get data(): TypedArray {
    return this.views().bufferData[this.index]!;
  }
  get tensor(): Tensor {
    return this.views().bufferTensors[this.index]!;
  }
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
  private readonly params: ParamHandle[] = [];
  private readonly bufs: BufferHandle[] = [];
  private readonly names = new Set<string>();
  private thetaArr: TypedArray | null = null;
  private gradArr: TypedArray | null = null;
  private bufferArr: TypedArray | null = null;
  private viewSet: Views | null = null;
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

  /** Declares a parameter and returns its handle; the views behind it are made by `allocate`. */
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
    const param = new ParamHandle(this.viewsOf, this.params.length, { ...spec }, this.n, size);
    this.n += size;
    this.params.push(param);
    this.byName.set(spec.name, param);
    return param;
  }

  /** Declares a buffer (running statistics): saved with θ, never trained. */
  declareBuffer(spec: BufferSpec): Buffer {
    this.checkOpen('declareBuffer');
    checkName('ParameterSet.declareBuffer', spec.name, this.names);
    const size = sizeOf(spec.shape);
    const b = new BufferHandle(
      this.viewsOf,
      this.bufs.length,
      spec.name,
      spec.shape,
      spec.layer,
      this.nb,
      size,
      spec.fill,
    );
    this.nb += size;
    this.bufs.push(b);
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
    const views: Views = { values: [], grads: [], bufferData: [], bufferTensors: [] };
    for (const p of this.params) {
      const v = new Tensor(theta.subarray(p.offset, p.offset + p.size), p.shape);
      v.requiresGrad = true;
      views.values.push(v);
      views.grads.push(grad.subarray(p.offset, p.offset + p.size));
    }
    for (const b of this.bufs) {
      const data = bufs.subarray(b.offset, b.offset + b.size);
      views.bufferData.push(data);
      views.bufferTensors.push(new Tensor(data, b.shape));
    }
    this.thetaArr = theta;
    this.gradArr = grad;
    this.bufferArr = bufs;
    this.viewSet = views;
    this.reinitialize(rng);
  }

  /** The views of the allocated set (what the handles read); throws before `allocate`. */
  private readonly viewsOf = (): Views => {
    if (this.viewSet === null) throw new Error(NOT_ALLOCATED);
    return this.viewSet;
  };

  /** Runs every initialiser again (declaration order) and resets the buffers to their fill values. */
  reinitialize(rng: Rng): void {
    const views = this.viewsOf();
    for (const p of this.params) {
      const view = views.values[p.index]!.data;
      const { spec } = p;
      if (!spec.init) {
        view.fill(0);
        continue;
      }
      const fanIn = spec.fanIn ?? (p.shape.length === 2 ? p.shape[0]! : 1);
      const fanOut = spec.fanOut ?? p.size / fanIn;
      spec.init(view, fanIn, fanOut, rng);
    }
    for (const b of this.bufs) views.bufferData[b.index]!.fill(b.fill);
  }

  private need<T>(x: T | null): T {
    if (x === null) throw new Error(NOT_ALLOCATED);
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
    return this.params.slice();
  }
  get bufferList(): readonly Buffer[] {
    return this.bufs.slice();
  }
  /** The leaf tensors, in θ order (for `gradients(loss, tensors)`). */
  get tensors(): Tensor[] {
    return this.viewsOf().values.slice();
  }
  /** Layer names in order of first appearance. */
  get layers(): string[] {
    return [...new Set(this.params.map((p) => p.layer))];
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
    const b = this.bufs.find((x) => x.name === name);
    if (!b) throw new RangeError(`ParameterSet: no buffer named '${name}'`);
    return b;
  }

  /** A Uint8Array over θ: 1 where `pick(param)` holds. */
  mask(pick: (p: Parameter) => boolean): Uint8Array {
    const m = new Uint8Array(this.size);
    for (const p of this.params) if (pick(p)) m.fill(1, p.offset, p.offset + p.size);
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
