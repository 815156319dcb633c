/**
 * Optimizer kernels of the WebAssembly module: loops over whole vectors of
 * 16-byte groups (allocations are padded, so no scalar tail is needed) that
 * perform the floating-point operations of the reference loops
 * (`../optimReference.ts`, contract in `../optimKernels.ts`) in the same order.
 * A float32 vector is by default computed in float64 lanes (promote, compute,
 * demote where the TypeScript loop rounds: "exact", bit-identical to it, since
 * it also computes in doubles); `adamFast_f32` computes in float32 lanes as
 * PyTorch does.
 */
import { FuncBuilder, OP, SIMD } from './asm.js';
import type { Elt } from './kernels.js';

/**
 * A loop over `groups` 16-byte groups of several vectors, computing in `comp`
 * lanes. `body(h)` emits the arithmetic for half h on the locals returned by
 * `bind`; loads and stores (with float32↔float64 conversion) are done here.
 */
interface LoopSpec {
  store: Elt;
  comp: Elt;
  /** names of the pointer parameters, in order; they are params 0… */
  arrays: string[];
  /** arrays written back after the body */
  out: string[];
  /** scalar f64 parameters after `groups`, splatted to v128 locals before the loop */
  scalars: string[];
  body(f: FuncBuilder, x: Record<string, number>, s: Record<string, number>, v: VecOps): void;
}

export interface VecOps {
  add: number;
  sub: number;
  mul: number;
  div: number;
  sqrt: number;
  /** emits "round the value on the stack to the storage precision" (no-op when equal) */
  roundToStore(f: FuncBuilder): void;
}

function vecLoop(spec: LoopSpec): FuncBuilder {
  const { store, comp, arrays, out, scalars } = spec;
  const params = [
    ...arrays.map(() => 'i32' as const),
    'i32' as const,
    ...scalars.map(() => 'f64' as const),
  ];
  const f = new FuncBuilder(params);
  const GROUPS = arrays.length;
  const s: Record<string, number> = {};
  const ops: VecOps =
    comp === 'f64'
      ? {
          add: SIMD.f64x2Add,
          sub: SIMD.f64x2Sub,
          mul: SIMD.f64x2Mul,
          div: SIMD.f64x2Div,
          sqrt: SIMD.f64x2Sqrt,
          roundToStore: (g) => {
            if (store === 'f32') g.simd(SIMD.f32x4Demote).simd(SIMD.f64x2Promote);
          },
        }
      : {
          add: SIMD.f32x4Add,
          sub: SIMD.f32x4Sub,
          mul: SIMD.f32x4Mul,
          div: SIMD.f32x4Div,
          sqrt: SIMD.f32x4Sqrt,
          roundToStore: () => {},
        };
  scalars.forEach((name, j) => {
    const l = f.local('v128');
    f.get(GROUPS + 1 + j);
    if (comp === 'f32') f.op(OP.f32DemoteF64).simd(SIMD.f32x4Splat);
    else f.simd(SIMD.f64x2Splat);
    f.set(l);
    s[name] = l;
  });
  const halves = store === 'f32' && comp === 'f64' ? 2 : 1;
  const x: Record<string, number>[] = [];
  for (let h = 0; h < halves; h++) {
    const o: Record<string, number> = {};
    for (const name of arrays) o[name] = f.local('v128');
    x.push(o);
  }
  const raw = f.local('v128');
  const off = f.local('i32');
  const end = f.local('i32');
  f.get(GROUPS).i32(4).op(OP.i32Shl).set(end); // groups × 16 bytes
  f.get(end).op(OP.i32Eqz).brIf(0); // nothing to do
  f.loop();
  arrays.forEach((name, j) => {
    f.get(j).get(off).op(OP.i32Add).simdMem(SIMD.load, 0, 4);
    if (halves === 1) f.set(x[0]![name]!);
    else {
      f.tee(raw).simd(SIMD.f64x2Promote).set(x[0]![name]!);
      f.get(raw).get(raw).shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
      f.simd(SIMD.f64x2Promote).set(x[1]![name]!);
    }
  });
  for (let h = 0; h < halves; h++) spec.body(f, x[h]!, s, ops);
  for (const name of out) {
    const j = arrays.indexOf(name);
    f.get(j).get(off).op(OP.i32Add);
    if (halves === 1) f.get(x[0]![name]!);
    else {
      f.get(x[0]![name]!).simd(SIMD.f32x4Demote).get(x[1]![name]!).simd(SIMD.f32x4Demote);
      f.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
    }
    f.simdMem(SIMD.store, 0, 4);
  }
  f.addTo(off, 16);
  f.get(off).get(end).op(OP.i32Ne).brIf(0);
  f.end();
  return f;
}

/**
 * adam(p, g, m, v, groups, b1, a1, b2, a2, c1, c2, eps, c[, wd, wdd, epsRoot]):
 * g' = g + wd·θ; m ← b1·m + a1·g'; v ← b2·v + a2·g'²;
 * θ ← θ + ((m·c1)/(√(v·c2 + epsRoot) + eps) + wdd·θ)·c.
 */
export function adam(store: Elt, comp: Elt, full: boolean): FuncBuilder {
  const sc = ['b1', 'a1', 'b2', 'a2', 'c1', 'c2', 'eps', 'c'];
  if (full) sc.push('wd', 'wdd', 'epsRoot');
  return vecLoop({
    store,
    comp,
    arrays: ['p', 'g', 'm', 'v'],
    out: ['m', 'v', 'p'],
    scalars: sc,
    body(f, x, s, o) {
      const [p, g, m, v] = [x.p!, x.g!, x.m!, x.v!];
      if (full) f.get(g).get(s.wd!).get(p).simd(o.mul).simd(o.add).set(g);
      // the reference uses m and v as stored (rounded to the storage precision)
      f.get(s.b1!).get(m).simd(o.mul).get(s.a1!).get(g).simd(o.mul).simd(o.add);
      o.roundToStore(f);
      f.set(m);
      f.get(s.b2!).get(v).simd(o.mul).get(s.a2!).get(g).get(g).simd(o.mul).simd(o.mul).simd(o.add);
      o.roundToStore(f);
      f.set(v);
      f.get(p);
      f.get(m).get(s.c1!).simd(o.mul);
      f.get(v).get(s.c2!).simd(o.mul);
      if (full) f.get(s.epsRoot!).simd(o.add);
      f.simd(o.sqrt).get(s.eps!).simd(o.add).simd(o.div);
      if (full) f.get(s.wdd!).get(p).simd(o.mul).simd(o.add);
      f.get(s.c!).simd(o.mul).simd(o.add).set(p);
    },
  });
}

/** sgd(p, g, groups, c[, wd]): θ ← θ + (g + wd·θ)·c. */
export function sgd(store: Elt, full: boolean): FuncBuilder {
  return vecLoop({
    store,
    comp: 'f64',
    arrays: ['p', 'g'],
    out: ['p'],
    scalars: full ? ['c', 'wd'] : ['c'],
    body(f, x, s, o) {
      f.get(x.p!).get(x.g!);
      if (full) f.get(s.wd!).get(x.p!).simd(o.mul).simd(o.add);
      f.get(s.c!).simd(o.mul).simd(o.add).set(x.p!);
    },
  });
}

/**
 * momentum(p, g, v, groups, mu, c[, wd]): u = (g + wd·θ)·c; v ← μv + u;
 * θ ← θ + v (heavy ball, v read back at storage precision) or θ ← θ + (μv + u) (nesterov).
 */
export function momentum(store: Elt, full: boolean, nesterov: boolean): FuncBuilder {
  return vecLoop({
    store,
    comp: 'f64',
    arrays: ['p', 'g', 'v'],
    out: ['v', 'p'],
    scalars: full ? ['mu', 'c', 'wd'] : ['mu', 'c'],
    body(f, x, s, o) {
      const [p, g, v] = [x.p!, x.g!, x.v!];
      f.get(g);
      if (full) f.get(s.wd!).get(p).simd(o.mul).simd(o.add);
      f.get(s.c!).simd(o.mul).set(g); // g now holds u
      f.get(s.mu!).get(v).simd(o.mul).get(g).simd(o.add);
      o.roundToStore(f);
      f.set(v);
      f.get(p);
      if (nesterov) f.get(s.mu!).get(v).simd(o.mul).get(g).simd(o.add);
      else f.get(v);
      f.simd(o.add).set(p);
    },
  });
}

/**
 * adagrad(p, g, r, groups, c, eps[, wd]): g' = g + wd·θ; r ← r + g'·g' (stored);
 * d = √(r + δ) (epsInSqrt) or δ + √r; θ ← θ + (g'/d)·c.
 */
export function adagrad(store: Elt, full: boolean, epsInSqrt: boolean): FuncBuilder {
  return vecLoop({
    store,
    comp: 'f64',
    arrays: ['p', 'g', 'r'],
    out: ['r', 'p'],
    scalars: full ? ['c', 'eps', 'wd'] : ['c', 'eps'],
    body(f, x, s, o) {
      const [p, g, r] = [x.p!, x.g!, x.r!];
      if (full) f.get(g).get(s.wd!).get(p).simd(o.mul).simd(o.add).set(g);
      f.get(r).get(g).get(g).simd(o.mul).simd(o.add);
      o.roundToStore(f);
      f.set(r);
      f.get(p).get(g);
      if (epsInSqrt) f.get(r).get(s.eps!).simd(o.add).simd(o.sqrt);
      else f.get(s.eps!).get(r).simd(o.sqrt).simd(o.add);
      f.simd(o.div).get(s.c!).simd(o.mul).simd(o.add).set(p);
    },
  });
}

/**
 * rmsprop(p, g, r[, b], groups, rho, a, eps, c[, mu][, wd]) — not centred:
 * g' = g + wd·θ; r ← ρ·r + a·(g'·g') (stored); d = √(r + δ) or √r + δ; u = g'/d;
 * none: θ ← θ + u·c; buffer: b ← μ·b + u (stored), θ ← θ + b·c;
 * nesterov: u' = u·c, b ← μ·b + u' (stored), θ ← θ + (μ·b + u').
 */
export function rmsprop(
  store: Elt,
  full: boolean,
  epsInSqrt: boolean,
  mode: 'none' | 'buffer' | 'nesterov',
): FuncBuilder {
  const buf = mode !== 'none';
  const scalars = ['rho', 'a', 'eps', 'c'];
  if (buf) scalars.push('mu');
  if (full) scalars.push('wd');
  return vecLoop({
    store,
    comp: 'f64',
    arrays: buf ? ['p', 'g', 'r', 'b'] : ['p', 'g', 'r'],
    out: buf ? ['r', 'b', 'p'] : ['r', 'p'],
    scalars,
    body(f, x, s, o) {
      const [p, g, r] = [x.p!, x.g!, x.r!];
      if (full) f.get(g).get(s.wd!).get(p).simd(o.mul).simd(o.add).set(g);
      f.get(s.rho!).get(r).simd(o.mul).get(s.a!).get(g).get(g).simd(o.mul).simd(o.mul).simd(o.add);
      o.roundToStore(f);
      f.set(r);
      f.get(g); // u = g'/d, kept in g
      if (epsInSqrt) f.get(r).get(s.eps!).simd(o.add).simd(o.sqrt);
      else f.get(r).simd(o.sqrt).get(s.eps!).simd(o.add);
      f.simd(o.div).set(g);
      if (mode === 'none') {
        f.get(p).get(g).get(s.c!).simd(o.mul).simd(o.add).set(p);
        return;
      }
      const b = x.b!;
      if (mode === 'nesterov') f.get(g).get(s.c!).simd(o.mul).set(g); // u' = u·c
      f.get(s.mu!).get(b).simd(o.mul).get(g).simd(o.add);
      o.roundToStore(f);
      f.set(b);
      f.get(p);
      if (mode === 'buffer') f.get(b).get(s.c!).simd(o.mul);
      else f.get(s.mu!).get(b).simd(o.mul).get(g).simd(o.add);
      f.simd(o.add).set(p);
    },
  });
}
