/** Element-wise and reduction kernels: one loop per kind, the switch outside the loop. */
import type { TypedArray } from '../tensor/index.js';
import type { BinaryKind, UnaryKind } from './types.js';

export function unary(kind: UnaryKind, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  switch (kind) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      return;
    case 'sign':
      for (let i = 0; i < n; i++) out[i] = Math.sign(x[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        // stable for both signs
        if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = Math.max(v, 0);
      }
      return;
    case 'step':
      for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? 1 : 0;
      return;
    case 'softplus':
      // log(1 + e^x) = max(x, 0) + log1p(e^{−|x|})
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      return;
    case 'reciprocal':
      for (let i = 0; i < n; i++) out[i] = 1 / x[i]!;
      return;
  }
}

type Fn2 = (a: number, b: number) => number;

const fns: Record<BinaryKind, Fn2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
};

/** Same-shape fast paths for the arithmetic kinds that training uses most. */
function sameShape(kind: BinaryKind, a: TypedArray, b: TypedArray, out: TypedArray): boolean {
  const n = out.length;
  switch (kind) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
      return true;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
      return true;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
      return true;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
      return true;
    default:
      return false;
  }
}

export function binary(
  kind: BinaryKind,
  a: TypedArray,
  aStrides: readonly number[],
  b: TypedArray,
  bStrides: readonly number[],
  out: TypedArray,
  outShape: readonly number[],
): void {
  const n = out.length;
  if (n === 0) return;
  if (a.length === n && b.length === n && sameShape(kind, a, b, out)) return;
  const f = fns[kind];
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1) {
    const bv = b[0]!;
    if (a.length === n) {
      if (kind === 'mul') for (let i = 0; i < n; i++) out[i] = a[i]! * bv;
      else if (kind === 'add') for (let i = 0; i < n; i++) out[i] = a[i]! + bv;
      else for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
      return;
    }
  }
  if (a.length === 1 && b.length === n) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
    return;
  }
  const rank = outShape.length;
  // Row broadcast ([m, n] ∘ [n]) is the bias case: a tight two-level loop.
  const last = outShape[rank - 1]!;
  if (rank >= 1 && aStrides[rank - 1] === 1 && bStrides[rank - 1] === 1 && rank <= 2) {
    const rows = rank === 2 ? outShape[0]! : 1;
    const as0 = rank === 2 ? aStrides[0]! : 0;
    const bs0 = rank === 2 ? bStrides[0]! : 0;
    for (let r = 0; r < rows; r++) {
      const ao = r * as0;
      const bo = r * bs0;
      const oo = r * last;
      if (kind === 'add') for (let j = 0; j < last; j++) out[oo + j] = a[ao + j]! + b[bo + j]!;
      else if (kind === 'mul') for (let j = 0; j < last; j++) out[oo + j] = a[ao + j]! * b[bo + j]!;
      else for (let j = 0; j < last; j++) out[oo + j] = f(a[ao + j]!, b[bo + j]!);
    }
    return;
  }
  // General case: walk the output index with an odometer.
  const idx = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let o = 0; o < n; o++) {
    out[o] = f(a[ai]!, b[bi]!);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]!++;
      ai += aStrides[d]!;
      bi += bStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      ai -= aStrides[d]! * outShape[d]!;
      bi -= bStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

export function reduce(
  kind: 'sum' | 'max',
  x: TypedArray,
  outer: number,
  mid: number,
  inner: number,
  out: TypedArray,
): void {
  if (kind === 'sum') {
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = 0;
        const base = o * mid;
        for (let k = 0; k < mid; k++) s += x[base + k]!;
        out[o] = s;
      }
      return;
    }
    out.fill(0, 0, outer * inner);
    for (let o = 0; o < outer; o++) {
      const oo = o * inner;
      for (let k = 0; k < mid; k++) {
        const xo = (o * mid + k) * inner;
        for (let i = 0; i < inner; i++) out[oo + i] = out[oo + i]! + x[xo + i]!;
      }
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const oo = o * inner;
    for (let i = 0; i < inner; i++) out[oo + i] = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < mid; k++) {
      const xo = (o * mid + k) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[xo + i]!;
        if (v > out[oo + i]! || Number.isNaN(v)) out[oo + i] = v;
      }
    }
  }
}
