/** The SQL storages' rows (sql.ts) and their mapping to the records of storage.ts. */
import { DEFAULT_SETTINGS, type StudyInfo, type TrialRecord, type TrialState } from '../storage.js';

export interface TrialRow {
  id: number;
  study_id: number;
  number: number;
  attempt: number;
  state: string;
  params: string;
  value: number | null;
  worker_id: string | null;
  finish_seq: number | null;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
  interrupted: number;
  error: string | null;
}

export interface StudyRow {
  id: number;
  name: string;
  direction: string;
  config: string;
  n_trials: number | null;
  settings: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toRecord(r: TrialRow, intermediate: [number, number][] = []): TrialRecord {
  return {
    id: Number(r.id),
    number: Number(r.number),
    attempt: Number(r.attempt),
    state: r.state as TrialState,
    params: JSON.parse(r.params),
    value: num(r.value),
    intermediate,
    workerId: r.worker_id,
    finishSeq: num(r.finish_seq),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    heartbeatAt: num(r.heartbeat_at),
    interrupted: Number(r.interrupted) === 1,
    error: r.error,
  };
}

export function toInfo(r: StudyRow): StudyInfo {
  return {
    id: Number(r.id),
    name: r.name,
    direction: r.direction as 'minimize' | 'maximize',
    config: JSON.parse(r.config),
    nTrials: num(r.n_trials),
    settings: { ...DEFAULT_SETTINGS, ...(r.settings ? (JSON.parse(r.settings) as object) : {}) },
  };
}

export const TRIAL_COLUMNS =
  'id, study_id, number, attempt, state, params, value, worker_id, finish_seq, started_at, finished_at, heartbeat_at, interrupted, error';
