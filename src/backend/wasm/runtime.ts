/**
 * One instance of the kernel module with its linear memory, a small allocator
 * over that memory, and `WasmVec`: a float vector that LIVES in WebAssembly
 * memory, so optimizer state (θ, g, m, v) can be updated in place by the fused
 * kernels with no copying per step.
 *
 * Views and growth. A typed-array view over WebAssembly memory is DETACHED
 * (length 0) when the memory grows, and the memory grows whenever an allocation
 * (including the GEMM scratch) does not fit. So never keep `vec.data` in a
 * variable across anything that may allocate: read `vec.data` again — it is
 * a cached getter that recreates the view only when the memory has changed.
 * `runtime.reserve(bytes)` grows the memory up front so that later allocations
 * up to that size do not move anything.
 *
 * Instantiation is synchronous (`new WebAssembly.Module`): fine in Node and in
 * workers; a browser main thread may refuse synchronous compilation of modules
 * above 4 KB, so use `createWasmRuntimeAsync` there.
 */
import { kernelModule } from './kernels.js';

const PAGE = 65536;
const ALIGN = 64; // cache-line alignment; also makes every allocation a whole number of 16-byte groups
const BASE = 1024; // offsets below are never handed out (0 stays an invalid address)

export type WasmDType = 'float32' | 'float64';
type KernelFn = (...args: number[]) => void;

let bytesCache: Uint8Array | undefined;
/** The kernel module bytes (generated once per process). */
export function wasmModuleBytes(): Uint8Array {
  bytesCache ??= kernelModule();
  return bytesCache;
}

let simdCache: boolean | undefined;
/** Whether this engine runs WebAssembly with 128-bit SIMD (validates the kernel module itself). */
export function wasmSimdSupported(): boolean {
  if (simdCache === undefined) {
    try {
      simdCache =
        typeof WebAssembly === 'object' && WebAssembly.validate(wasmModuleBytes() as BufferSource);
    } catch {
      simdCache = false;
    }
  }
  return simdCache;
}

function roundUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** A float vector allocated in a runtime's WebAssembly memory. Free it when done. */
export class WasmVec {
  private cache: Float32Array | Float64Array | undefined;
  private cacheBuf: ArrayBuffer | undefined;
  private freed = false;
  /** @internal use `runtime.alloc` */
  constructor(
    readonly runtime: WasmRuntime,
    /** byte offset in the memory (64-byte aligned) */
    readonly offset: number,
    readonly length: number,
    readonly dtype: WasmDType,
    /** allocated bytes (a multiple of 64 ≥ length × element size) */
    readonly bytes: number,
  ) {}

  /**
   * A typed-array view of the vector (length `length`). Re-read it after any
   * allocation: growth detaches earlier views. Cheap (cached per memory buffer).
   */
  get data(): Float32Array | Float64Array {
    const buf = this.runtime.memory.buffer;
    if (this.cache === undefined || this.cacheBuf !== buf) {
      if (this.freed) throw new Error('WasmVec: used after free()');
      this.cache =
        this.dtype === 'float32'
          ? new Float32Array(buf, this.offset, this.length)
          : new Float64Array(buf, this.offset, this.length);
      this.cacheBuf = buf;
    }
    return this.cache;
  }

  /** Returns the memory to the runtime; the vector must not be used afterwards. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.cache = undefined;
    this.runtime.release(this.offset, this.bytes);
  }

  get isFreed(): boolean {
    return this.freed;
  }
}

/** An instantiated kernel module, its memory and allocator. */
export class WasmRuntime {
  readonly memory: WebAssembly.Memory;
  /** exported kernels by name (`gemm_f32`, `adam_f64`, …) */
  readonly fn: Readonly<Record<string, KernelFn>>;
  /** free blocks [offset, size] sorted by offset, coalesced */
  private readonly freeList: [number, number][] = [];

  constructor(instance: WebAssembly.Instance) {
    const ex = instance.exports as Record<string, unknown>;
    this.memory = ex.memory as WebAssembly.Memory;
    const fn: Record<string, KernelFn> = {};
    for (const [k, v] of Object.entries(ex)) if (typeof v === 'function') fn[k] = v as KernelFn;
    this.fn = fn;
    const size = this.memory.buffer.byteLength;
    if (size > BASE) this.freeList.push([BASE, size - BASE]);
  }

  /** Bytes of WebAssembly memory currently committed. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Allocates a zero-filled vector of `length` elements. May grow (and so detach views). */
  alloc(length: number, dtype: WasmDType = 'float32'): WasmVec {
    if (!Number.isInteger(length) || length < 0) {
      throw new RangeError(
        `WasmRuntime.alloc: length must be a non-negative integer, got ${length}`,
      );
    }
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new TypeError(
        `WasmRuntime.alloc: dtype must be 'float32' or 'float64', got ${String(dtype)}`,
      );
    }
    const bytes = Math.max(ALIGN, roundUp(length * (dtype === 'float32' ? 4 : 8), ALIGN));
    const off = this.allocBytes(bytes);
    new Uint8Array(this.memory.buffer, off, bytes).fill(0);
    return new WasmVec(this, off, length, dtype, bytes);
  }

  /** Allocates a vector holding a copy of `src` (its dtype). */
  from(src: Float32Array | Float64Array): WasmVec {
    const v = this.alloc(src.length, src instanceof Float32Array ? 'float32' : 'float64');
    v.data.set(src);
    return v;
  }

  /** Grows the memory so that `bytes` more can be allocated without growing again. */
  reserve(bytes: number): void {
    const last = this.freeList[this.freeList.length - 1];
    const tailFree = last && last[0] + last[1] === this.memoryBytes ? last[1] : 0;
    if (tailFree < bytes) this.grow(bytes - tailFree);
  }

  /** @internal raw allocation of `bytes` (a multiple of 64); returns the byte offset. */
  allocBytes(bytes: number): number {
    for (let i = 0; i < this.freeList.length; i++) {
      const blk = this.freeList[i]!;
      if (blk[1] >= bytes) {
        const off = blk[0];
        if (blk[1] === bytes) this.freeList.splice(i, 1);
        else {
          blk[0] += bytes;
          blk[1] -= bytes;
        }
        return off;
      }
    }
    this.reserve(bytes);
    return this.allocBytes(bytes);
  }

  /** @internal returns a block to the free list, merging with its neighbours. */
  release(off: number, bytes: number): void {
    const fl = this.freeList;
    let i = 0;
    while (i < fl.length && fl[i]![0] < off) i++;
    fl.splice(i, 0, [off, bytes]);
    const next = fl[i + 1];
    if (next && off + bytes === next[0]) {
      fl[i]![1] += next[1];
      fl.splice(i + 1, 1);
    }
    const prev = fl[i - 1];
    if (prev && prev[0] + prev[1] === off) {
      prev[1] += fl[i]![1];
      fl.splice(i, 1);
    }
  }

  private grow(bytes: number): void {
    const before = this.memoryBytes;
    const pages = Math.ceil(bytes / PAGE);
    try {
      this.memory.grow(pages);
    } catch (e) {
      throw new RangeError(
        `WasmRuntime: cannot grow WebAssembly memory by ${pages} pages (${before} bytes now): ${(e as Error).message}`,
      );
    }
    this.release(before, pages * PAGE);
  }
}

/** Instantiates the kernel module synchronously. Throws if SIMD is not supported. */
export function createWasmRuntime(): WasmRuntime {
  if (!wasmSimdSupported()) throw new Error('WebAssembly SIMD is not supported by this engine');
  const mod = new WebAssembly.Module(wasmModuleBytes() as BufferSource);
  return new WasmRuntime(new WebAssembly.Instance(mod, {}));
}

/** Instantiates the kernel module asynchronously (the browser main thread's way). */
export async function createWasmRuntimeAsync(): Promise<WasmRuntime> {
  if (!wasmSimdSupported()) throw new Error('WebAssembly SIMD is not supported by this engine');
  const { instance } = await WebAssembly.instantiate(wasmModuleBytes() as BufferSource, {});
  return new WasmRuntime(instance);
}

let shared: WasmRuntime | undefined;
/** The process-wide runtime shared by `wasmBackend` and the optimizer kernels (created on first use). */
export function sharedWasmRuntime(): WasmRuntime {
  shared ??= createWasmRuntime();
  return shared;
}

/**
 * Creates the shared runtime asynchronously (browser main thread), so that
 * `sharedWasmRuntime()` and `createWasmBackend()` afterwards need no synchronous
 * compilation. Returns the existing one if already created.
 */
export async function initSharedWasmRuntime(): Promise<WasmRuntime> {
  shared ??= await createWasmRuntimeAsync();
  return shared;
}
