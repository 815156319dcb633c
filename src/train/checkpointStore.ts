/**
 * What a checkpoint holds and where the training loop keeps it: an interface,
 * so the loop itself needs no file system (files in Node: checkpoint.ts).
 */

export interface CheckpointData {
  step: number;
  epoch: number;
  theta: Float32Array | Float64Array;
  model: unknown;
  optimizer: unknown;
  sampler: unknown;
  averager: unknown;
  early: unknown;
  history: unknown;
  /** A fingerprint of the settings that must not change across a resume. */
  fingerprint: string;
}

/** Saves and loads the checkpoint of a folder (or any key naming one). */
export interface CheckpointStore {
  /** Writes the checkpoint; returns where it went (named in error messages). */
  save(dir: string, c: CheckpointData): Promise<string>;
  load(dir: string): CheckpointData;
}
