/**
 * `partition(labels, transforms)` — per-group settings over the flat vector
 * (PyTorch parameter groups, Optax `multi_transform`): element i belongs to
 * group `labels[i]` and is transformed by `transforms[labels[i]]` (each group
 * with its own optimizer, learning rate, weight decay…).
 *
 * A group whose elements are one contiguous range is handled through
 * `subarray` views (no copy; views cached per buffer); any other group is
 * gathered into scratch buffers, transformed and scattered back. Scratch space
 * lives in the closure, not in the state, which stays plain data:
 * `{groups: [state of group 0, …]}`.
 */
import type { AnyTransform, Transform, Vec } from './types.js';

export interface PartitionState {
  groups: unknown[];
}

interface Group {
  idx: Int32Array;
  /** start of the contiguous range, or −1 */
  start: number;
}

export function partition(
  labels: ArrayLike<number>,
  transforms: readonly AnyTransform[],
): Transform<PartitionState> {
  const g = transforms.length;
  const counts = new Int32Array(g);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= g) {
      throw new RangeError(`partition: labels[${i}] must be an integer in [0, ${g - 1}], got ${l}`);
    }
    counts[l] = counts[l]! + 1;
  }
  const groups: Group[] = [];
  const fill = new Int32Array(g);
  for (let j = 0; j < g; j++) groups.push({ idx: new Int32Array(counts[j]!), start: -1 });
  for (let i = 0; i < labels.length; i++) {
    const j = labels[i]!;
    groups[j]!.idx[fill[j]!] = i;
    fill[j] = fill[j]! + 1;
  }
  for (const gr of groups) {
    const n = gr.idx.length;
    if (n > 0 && gr.idx[n - 1]! - gr.idx[0]! === n - 1) gr.start = gr.idx[0]!;
    else if (n === 0) gr.start = 0;
  }
  const nAll = labels.length;
  // caches: views of the last buffers seen, and scratch buffers per dtype
  const viewCache = new WeakMap<Vec, Vec[]>();
  const views = (v: Vec): Vec[] => {
    let c = viewCache.get(v);
    if (!c) {
      c = groups.map((gr) => (gr.start >= 0 ? v.subarray(gr.start, gr.start + gr.idx.length) : v));
      viewCache.set(v, c);
    }
    return c;
  };
  const scratch = new Map<string, Vec[]>();
  const scratchFor = (j: number, like: Vec, slot: number): Vec => {
    const key = `${like instanceof Float32Array ? 'f32' : 'f64'}:${j}:${slot}`;
    let s = scratch.get(key);
    if (!s) {
      const n = groups[j]!.idx.length;
      s = [like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n)];
      scratch.set(key, s);
    }
    return s[0]!;
  };
  const gather = (src: Vec, idx: Int32Array, dst: Vec): Vec => {
    for (let k = 0; k < idx.length; k++) dst[k] = src[idx[k]!]!;
    return dst;
  };
  const check = (p: Vec) => {
    if (p.length !== nAll) {
      throw new RangeError(`partition: labels cover ${nAll} elements, parameters have ${p.length}`);
    }
  };
  return {
    init(p) {
      check(p);
      const pv = views(p);
      return {
        groups: groups.map((gr, j) =>
          transforms[j]!.init(gr.start >= 0 ? pv[j]! : gather(p, gr.idx, scratchFor(j, p, 1))),
        ),
      };
    },
    update(u, s, p) {
      const uv = views(u);
      const pv = views(p);
      for (let j = 0; j < g; j++) {
        const gr = groups[j]!;
        if (gr.start >= 0) {
          transforms[j]!.update(uv[j]!, s.groups[j], pv[j]!);
        } else {
          const us = gather(u, gr.idx, scratchFor(j, u, 0));
          const ps = gather(p, gr.idx, scratchFor(j, p, 1));
          transforms[j]!.update(us, s.groups[j], ps);
          const idx = gr.idx;
          for (let k = 0; k < idx.length; k++) u[idx[k]!] = us[k]!;
        }
      }
    },
  };
}
