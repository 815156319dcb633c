/**
 * Where a study lives: the one interface every study storage implements — in
 * memory (memoryStorage.ts), SQLite and PostgreSQL (storage/, Node only, chosen
 * by URL in storage/open.ts). Samplers and pruners see only this interface;
 * heartbeats, staleness and the retry policy are decided by the study
 * (study.ts) and handed to the storage as data and callbacks.
 *
 * Trial life cycle: `waiting` (a retry queued after its worker was lost) →
 * `running` (claimed by one worker) → `complete` | `pruned` | `failed`. A
 * trial's `number` is its sampling index; a retry is a new row with the same
 * number and parameters and `attempt` + 1.
 *
 * The budget (`nTrials`) counts trial numbers that have, or will have, a
 * result: complete, pruned, failed by the objective (it threw or returned
 * NaN: that is a result about the configuration), or still waiting/running. An
 * attempt whose worker was lost is `failed` with `interrupted: true` and does
 * not count; when a number has been interrupted `maxAttempts` times it is given
 * up and a new number is sampled in its place, so a study still ends with
 * `nTrials` results.
 *
 * Every write is idempotent so that a worker may repeat one after a lost
 * connection: `finishTrial` is keyed by the row id (one row per attempt) and
 * the worker, and says whether it recorded the result, had it already, or
 * refused it; `reportIntermediate` keeps the first value of a step.
 */
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import type { Params } from './space.js';

export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

export interface TrialRecord {
  /** Row id, unique in the storage: one row per attempt. */
  id: number;
  /** Sampling index in the study (0, 1, …); shared by a trial and its retries. */
  number: number;
  attempt: number;
  state: TrialState;
  params: Params;
  /** Final value (complete), last intermediate value (pruned), else null. */
  value: number | null;
  /** Intermediate values in report order: [step, value]. */
  intermediate: [number, number][];
  workerId: string | null;
  /** Order of completion within the study (1, 2, …), null until finished by its worker. */
  finishSeq: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Last sign of life of the worker running it (the storage's clock, ms). */
  heartbeatAt: number | null;
  /** Failed because its worker was lost (does not count in the budget). */
  interrupted: boolean;
  error: string | null;
}

/** How a study treats its workers (stored with the study, so every worker applies the same). */
export interface StudySettings {
  /** Attempts per trial number when workers die (default 3). */
  maxAttempts: number;
  /** Interval between heartbeats of a running trial, ms (default 5000). */
  heartbeatMs: number;
  /** A running trial without a heartbeat for this long is presumed lost, ms (default 60000). */
  graceMs: number;
}

export const DEFAULT_SETTINGS: StudySettings = {
  maxAttempts: 3,
  heartbeatMs: 5000,
  graceMs: 60_000,
};

export interface StudyConfig {
  name: string;
  direction: 'minimize' | 'maximize';
  /**
   * Everything that determines the trials (objective, space, sampler, seed), as
   * JSON-serialisable data. Reopening a study with a different config is an error.
   */
  config: unknown;
  /** The trial budget; when given, it replaces the stored one. */
  nTrials?: number;
  /** When given, replaces the stored settings. */
  settings?: StudySettings;
}

export interface StudyInfo {
  id: number;
  name: string;
  direction: 'minimize' | 'maximize';
  config: unknown;
  /** The stored budget (null when no run has set one). */
  nTrials: number | null;
  settings: StudySettings;
}

export interface ClaimRequest {
  studyId: number;
  workerId: string;
  /** Number of trial numbers with a result the study should reach. */
  nTrials: number;
  /** A trial interrupted this many times is given up (and replaced by a new number). */
  maxAttempts: number;
  /** Whether a running trial's worker is gone; `now` is the storage's clock (ms). */
  isStale: (t: TrialRecord, now: number) => boolean;
  /** Whether `propose` needs the study's trials (false: it gets an empty list; cheaper). */
  needsHistory: boolean;
  /**
   * Proposes parameters for a new trial number, given the complete, pruned and
   * running trials (called inside the claim's transaction).
   */
  propose: (number: number, trials: TrialRecord[]) => Params;
}

export type ClaimResult =
  | { kind: 'trial'; trial: TrialRecord }
  /** Nothing to claim now but other workers' trials are still running. */
  | { kind: 'wait' }
  | { kind: 'done' };

export interface TrialOutcome {
  state: 'complete' | 'pruned' | 'failed';
  value: number | null;
  error?: string;
}

/**
 * `recorded`: stored now; `duplicate`: this result was stored by an earlier
 * call (a repeat after a lost connection); `rejected`: the trial is no longer
 * this worker's (it was presumed lost and its retry already started).
 */
export type FinishStatus = 'recorded' | 'duplicate' | 'rejected';

export interface StudyStorage {
  /** Where it is, for messages (a file path or a URL without password). */
  readonly location: string;
  /** Creates the study or opens the existing one of that name (configs must match). */
  openStudy(config: StudyConfig): Promise<StudyInfo>;
  /** The study of that name, or null. */
  loadStudy(name: string): Promise<StudyInfo | null>;
  listStudies(): Promise<StudyInfo[]>;
  /**
   * Atomically: fails stale running trials (queuing a retry while attempts
   * remain), then claims the waiting trial with the smallest number or, while
   * the budget allows, creates the next number with `propose`, marking it
   * running for `workerId`. One trial is never claimed by two workers.
   */
  claimTrial(req: ClaimRequest): Promise<ClaimResult>;
  /** Records a sign of life; false when the trial is no longer running for this worker. */
  heartbeat(trialId: number, workerId: string): Promise<boolean>;
  /** Stores an intermediate value (a repeated step keeps its first value). */
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  finishTrial(trialId: number, workerId: string, outcome: TrialOutcome): Promise<FinishStatus>;
  getTrials(studyId: number): Promise<TrialRecord[]>;
  /** Creates a study with the given trials (moving a study between storages); the name must be free. */
  importStudy(config: StudyConfig, trials: Omit<TrialRecord, 'id'>[]): Promise<StudyInfo>;
  close(): Promise<void>;
}

/** Deterministic JSON (sorted keys) used to compare study configs. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Whether a trial number's row uses the budget (everything but a lost attempt). */
export function counts(t: Pick<TrialRecord, 'state' | 'interrupted'>): boolean {
  return !(t.state === 'failed' && t.interrupted);
}

/** The error stored on an attempt whose worker was lost. */
export const LOST = 'worker lost while the trial was running';

/** Whether a repeated finish carries the result already stored. */
export function sameOutcome(
  stored: { state: string; value: number | null },
  o: TrialOutcome,
): boolean {
  return stored.state === o.state && (stored.value ?? null) === (o.value ?? null);
}

/** Thrown for a storage that cannot be used (bad URL, a foreign file, a newer schema). */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** Worker settings: attempts before a trial is given up, heartbeat period, grace before a silent worker counts as dead. */
const settingsSchema = z.strictObject({
  maxAttempts: z.number().int().min(1),
  heartbeatMs: z.number().finite().min(10),
  graceMs: z.number().finite().min(10),
});

/** Validates worker settings, naming the bad one. */
export function checkSettings(s: StudySettings): StudySettings {
  return parseOptions('study settings', settingsSchema, s);
}
