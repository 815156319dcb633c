/**
 * The tape: which operations are recorded, and the node each recorded result
 * keeps. Recording is on by default; `noGrad` turns it off inside a function.
 * A node holds its inputs, the output (some rules need it) and the few values
 * its backward rule needs (`saved`), typed per operation in `SavedMap`.
 */
import type { FusedActivation } from '../backend/fused.js';
import type { DType, Tensor } from '../tensor/index.js';

/** What each operation keeps for its backward rule. Adding an op here forces a rule in rules.ts. */
export interface SavedMap {
  add: null;
  sub: null;
  mul: null;
  div: null;
  neg: null;
  powScalar: { p: number };
  exp: null;
  log: null;
  sqrt: null;
  abs: null;
  tanh: null;
  sigmoid: null;
  relu: null;
  leakyRelu: { alpha: number };
  softplus: null;
  clamp: { lo: number; hi: number };
  maximum: null;
  minimum: null;
  where: { cond: Tensor };
  matmul: { transA: boolean; transB: boolean };
  transpose: { perm: number[] };
  reshape: null;
  broadcastTo: null;
  sum: { axes: number[] };
  max: { axes: number[] };
  slice: { begin: number[] };
  pad: { begin: number[]; shape: number[] };
  gatherRows: { idx: Int32Array; rows: number };
  scatterAddRows: { idx: Int32Array };
  pick: { idx: Int32Array; cols: number };
  unpick: { idx: Int32Array };
  concat: { axis: number; sizes: number[] };
  cast: { from: DType };
  biasActivation: { act: FusedActivation };
  softmaxCrossEntropy: { labels: Int32Array; grad: Tensor | null };
}

export type OpName = keyof SavedMap;

export interface Node<K extends OpName = OpName> {
  readonly op: K;
  readonly inputs: readonly Tensor[];
  readonly saved: SavedMap[K];
  readonly out: Tensor;
}

let recording = true;

/** Whether operations are being recorded now. */
export function isRecording(): boolean {
  return recording;
}

/** Runs `fn` with recording switched on or off, restoring the previous mode after. */
export function withRecording<T>(on: boolean, fn: () => T): T {
  const prev = recording;
  recording = on;
  try {
    return fn();
  } finally {
    recording = prev;
  }
}

/** Runs `fn` without recording: results carry no tape and need no memory for backward. */
export function noGrad<T>(fn: () => T): T {
  return withRecording(false, fn);
}

/** Attaches a node to `out` when recording and some input requires gradients. */
export function record<K extends OpName>(
  out: Tensor,
  op: K,
  inputs: readonly Tensor[],
  saved: SavedMap[K],
): Tensor {
  if (!recording) return out;
  let needs = false;
  for (const t of inputs) if (t.requiresGrad) needs = true;
  if (!needs) return out;
  out.requiresGrad = true;
  const node: Node<K> = { op, inputs, saved, out };
  out.creator = node;
  return out;
}
