/**
 * In-memory study storage: the reference implementation of `StudyStorage`, for
 * tests and one-process searches. Claims are atomic because JavaScript runs one
 * call at a time and `claimTrial` does not await inside.
 */
import {
  type ClaimRequest,
  type ClaimResult,
  canonicalJson,
  decideClaim,
  findStale,
  type StudyConfig,
  type StudyInfo,
  type StudyStorage,
  type TrialRecord,
} from './storage.js';

export class MemoryStorage implements StudyStorage {
  private readonly studies: StudyInfo[] = [];
  private readonly trials = new Map<number, TrialRecord[]>();
  private readonly byId = new Map<number, { studyId: number; t: TrialRecord }>();
  private nextId = 1;

  async openStudy(config: StudyConfig): Promise<StudyInfo> {
    const found = this.studies.find((s) => s.name === config.name);
    if (found) {
      if (
        found.direction !== config.direction ||
        canonicalJson(found.config) !== canonicalJson(config.config)
      ) {
        throw new RangeError(
          `study "${config.name}" exists with a different configuration: ${canonicalJson(found.config)}`,
        );
      }
      return { ...found };
    }
    const info: StudyInfo = {
      ...config,
      config: JSON.parse(JSON.stringify(config.config)),
      id: this.studies.length + 1,
    };
    this.studies.push(info);
    this.trials.set(info.id, []);
    return { ...info };
  }

  private insert(studyId: number, t: Omit<TrialRecord, 'id'>): TrialRecord {
    const rec: TrialRecord = { ...t, id: this.nextId++ };
    this.trials.get(studyId)!.push(rec);
    this.byId.set(rec.id, { studyId, t: rec });
    return rec;
  }

  async claimTrial(req: ClaimRequest): Promise<ClaimResult> {
    const list = this.trials.get(req.studyId);
    if (!list) throw new RangeError(`claimTrial: no study with id ${req.studyId}`);
    const { stale, retry } = findStale(list, req);
    for (const t of stale) {
      t.state = 'failed';
      t.error = 'worker lost while the trial was running';
      t.finishedAt = Date.now();
    }
    for (const t of retry) {
      this.insert(req.studyId, {
        ...blank(t.number, { ...t.params }),
        attempt: t.attempt + 1,
        state: 'waiting',
      });
    }
    const d = decideClaim(list, req.nTrials);
    if (d.kind === 'wait' || d.kind === 'done') return { kind: d.kind };
    let t: TrialRecord;
    if (d.kind === 'claim') t = d.trial;
    else t = this.insert(req.studyId, blank(d.number, req.propose(d.number, clone(list))));
    t.state = 'running';
    t.workerId = req.workerId;
    t.startedAt = Date.now();
    return { kind: 'trial', trial: cloneOne(t) };
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    this.get(trialId).intermediate.push([step, value]);
  }

  async finishTrial(
    trialId: number,
    state: 'complete' | 'pruned' | 'failed',
    value: number | null,
    error?: string,
  ): Promise<void> {
    const e = this.byId.get(trialId);
    if (!e) throw new RangeError(`finishTrial: no trial with id ${trialId}`);
    const list = this.trials.get(e.studyId)!;
    const seq = list.reduce((m, t) => Math.max(m, t.finishSeq ?? 0), 0) + 1;
    Object.assign(e.t, {
      state,
      value,
      error: error ?? null,
      finishedAt: Date.now(),
      finishSeq: seq,
    });
  }

  async getTrials(studyId: number): Promise<TrialRecord[]> {
    return clone(this.trials.get(studyId) ?? []);
  }

  async close(): Promise<void> {}

  private get(id: number): TrialRecord {
    const e = this.byId.get(id);
    if (!e) throw new RangeError(`no trial with id ${id}`);
    return e.t;
  }
}

export function blank(number: number, params: TrialRecord['params']): Omit<TrialRecord, 'id'> {
  return {
    number,
    attempt: 0,
    state: 'waiting',
    params,
    value: null,
    intermediate: [],
    workerId: null,
    finishSeq: null,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

function cloneOne(t: TrialRecord): TrialRecord {
  return { ...t, params: { ...t.params }, intermediate: t.intermediate.map(([s, v]) => [s, v]) };
}

function clone(list: TrialRecord[]): TrialRecord[] {
  return list.map(cloneOne);
}
