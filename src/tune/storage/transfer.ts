/**
 * Moving a study between storages (SQLite ⇄ PostgreSQL) as JSON lines, and
 * the study summary of `optlab study show --json`.
 *
 * Export format, one JSON object per line:
 * - first: `{"format": "optlab-study", "version": 1, "name", "direction",
 *   "config", "nTrials", "settings"}`;
 * - then one per trial row (attempts included), in row order: `{"number",
 *   "attempt", "state", "params", "value", "intermediate": [[step, value], …],
 *   "worker", "finishSeq", "startedAt", "finishedAt", "heartbeatAt",
 *   "interrupted", "error"}`. Non-finite intermediate values are written as
 *   null (JSON has no NaN) and read back as NaN.
 * Import checks every line (zod) and names the first bad one; the study is
 * created in one transaction, so a failed import leaves nothing behind.
 */
import { z } from 'zod';
import { bestTrial, summarize } from '../results.js';
import {
  DEFAULT_SETTINGS,
  type StudyConfig,
  type StudyInfo,
  type StudySettings,
  type TrialRecord,
} from '../storage.js';

const FORMAT = 'optlab-study';

const settingsSchema = z.strictObject({
  maxAttempts: z.number().int().min(1),
  heartbeatMs: z.number().min(10),
  graceMs: z.number().min(10),
});

const headerSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  name: z.string().min(1).max(200),
  direction: z.enum(['minimize', 'maximize']),
  config: z.unknown(),
  nTrials: z.number().int().min(0).nullable(),
  settings: settingsSchema,
});

const nullableNum = z.number().nullable();

const trialSchema = z.strictObject({
  number: z.number().int().min(0),
  attempt: z.number().int().min(0),
  state: z.enum(['waiting', 'running', 'complete', 'pruned', 'failed']),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  value: nullableNum,
  intermediate: z.array(z.tuple([z.number(), nullableNum])),
  worker: z.string().nullable(),
  finishSeq: z.number().int().min(1).nullable(),
  startedAt: nullableNum,
  finishedAt: nullableNum,
  heartbeatAt: nullableNum,
  interrupted: z.boolean(),
  error: z.string().nullable(),
});

/** The lines of an export (each without its newline). */
export function exportLines(info: StudyInfo, trials: TrialRecord[]): string[] {
  const head = {
    format: FORMAT,
    version: 1,
    name: info.name,
    direction: info.direction,
    config: info.config,
    nTrials: info.nTrials,
    settings: info.settings,
  };
  return [
    JSON.stringify(head),
    ...trials.map((t) =>
      JSON.stringify({
        number: t.number,
        attempt: t.attempt,
        state: t.state,
        params: t.params,
        value: t.value,
        intermediate: t.intermediate.map(([s, v]) => [s, Number.isFinite(v) ? v : null]),
        worker: t.workerId,
        finishSeq: t.finishSeq,
        startedAt: t.startedAt,
        finishedAt: t.finishedAt,
        heartbeatAt: t.heartbeatAt,
        interrupted: t.interrupted,
        error: t.error,
      }),
    ),
  ];
}

function parseLine<T>(schema: z.ZodType<T>, line: string, k: number): T {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new RangeError(`line ${k}: not JSON (${(e as Error).message.slice(0, 80)})`);
  }
  const r = schema.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new RangeError(`line ${k}: field ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** Parses an export; `rename` gives the study another name. */
export function parseExport(
  text: string,
  rename?: string,
): { config: StudyConfig & { settings: StudySettings }; trials: Omit<TrialRecord, 'id'>[] } {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new RangeError('line 1: empty input, expected a study export');
  const h = parseLine(headerSchema, lines[0]!, 1);
  const trials = lines.slice(1).map((l, i) => {
    const t = parseLine(trialSchema, l, i + 2);
    return {
      number: t.number,
      attempt: t.attempt,
      state: t.state,
      params: t.params,
      value: t.value,
      intermediate: t.intermediate.map(([s, v]): [number, number] => [s, v ?? Number.NaN]),
      workerId: t.worker,
      finishSeq: t.finishSeq,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      heartbeatAt: t.heartbeatAt,
      interrupted: t.interrupted,
      error: t.error,
    };
  });
  const seen = new Set<string>();
  trials.forEach((t, i) => {
    const key = `${t.number}:${t.attempt}`;
    if (seen.has(key))
      throw new RangeError(`line ${i + 2}: trial ${t.number} attempt ${t.attempt} appears twice`);
    seen.add(key);
  });
  return {
    config: {
      name: rename ?? h.name,
      direction: h.direction,
      config: h.config,
      ...(h.nTrials !== null ? { nTrials: h.nTrials } : {}),
      settings: { ...DEFAULT_SETTINGS, ...h.settings },
    },
    trials,
  };
}

/** `optlab study show --json`: the study, its best trial and every trial row. */
export function studyReport(info: StudyInfo, trials: TrialRecord[]) {
  const best = bestTrial(trials, info.direction);
  const s = summarize(trials);
  const states: Record<string, number> = {};
  for (const t of trials) states[t.state] = (states[t.state] ?? 0) + 1;
  return {
    study: {
      name: info.name,
      direction: info.direction,
      config: info.config,
      nTrials: info.nTrials,
      settings: info.settings,
      states,
      complete: s.complete,
      pruned: s.pruned,
      failed: s.failed,
      interrupted: s.interrupted,
      givenUp: s.givenUp,
    },
    best: best ? { number: best.number, value: best.value, params: best.params } : null,
    trials: trials.map((t) => ({
      number: t.number,
      attempt: t.attempt,
      state: t.state,
      params: t.params,
      value: t.value,
      worker: t.workerId,
      intermediate: t.intermediate.map(([st, v]) => [st, Number.isFinite(v) ? v : null]),
      finishSeq: t.finishSeq,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      interrupted: t.interrupted,
      error: t.error,
    })),
  };
}
