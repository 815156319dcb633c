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
  /** The divergence guard's state (absent when the guard is off). */
  divergence?: unknown;
  /** True when the run had ended (all its updates, early stopping or a callback). */
  finished?: boolean;
  /** The caller's settings (the CLI stores its whole config here, so `--resume DIR` needs no `--config`). */
  settings?: unknown;
  /** The caller's other data (`FitOptions.meta`). */
  meta?: unknown;
}

/** Saves and loads the checkpoint of a folder (or any key naming one). */
export interface CheckpointStore {
  /** Writes the checkpoint; returns where it went (named in error messages). */
  save(dir: string, c: CheckpointData): Promise<string>;
  load(dir: string): CheckpointData;
  /** Removes what an interrupted save left behind in `dir` (files: stale temporary files). */
  clean?(dir: string): void;
}
