/**
 * In-memory study storage: the reference implementation of `StudyStorage`
 * (storage.ts), for tests and one-process searches. Claims are atomic because
 * JavaScript runs one call at a time and no method awaits inside.
 */
import {
  type ClaimRequest,
  type ClaimResult,
  canonicalJson,
  counts,
  DEFAULT_SETTINGS,
  type FinishStatus,
  LOST,
  type StudyConfig,
  type StudyInfo,
  type StudyStorage,
  sameOutcome,
  type TrialOutcome,
  type TrialRecord,
} from './storage.js';

export class MemoryStorage implements StudyStorage {
  readonly location = 'memory';
  private readonly studies: StudyInfo[] = [];
  private readonly trials = new Map<number, TrialRecord[]>();
  private readonly byId = new Map<number, { studyId: number; t: TrialRecord }>();
  private readonly finishSeq = new Map<number, number>();
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
      if (config.nTrials !== undefined) found.nTrials = config.nTrials;
      if (config.settings) found.settings = { ...config.settings };
      return { ...found };
    }
    return this.create(config);
  }

  private create(config: StudyConfig): StudyInfo {
    const info: StudyInfo = {
      id: this.studies.length + 1,
      name: config.name,
      direction: config.direction,
      config: JSON.parse(JSON.stringify(config.config ?? null)),
      nTrials: config.nTrials ?? null,
      settings: { ...(config.settings ?? DEFAULT_SETTINGS) },
    };
    this.studies.push(info);
    this.trials.set(info.id, []);
    this.finishSeq.set(info.id, 0);
    return { ...info };
  }

  async loadStudy(name: string): Promise<StudyInfo | null> {
    const s = this.studies.find((x) => x.name === name);
    return s ? { ...s } : null;
  }

  async listStudies(): Promise<StudyInfo[]> {
    return this.studies.map((s) => ({ ...s }));
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
    const now = Date.now();
    for (const t of list.filter((x) => x.state === 'running' && req.isStale(cloneOne(x), now))) {
      Object.assign(t, { state: 'failed', interrupted: true, error: LOST, finishedAt: now });
      if (t.attempt + 1 < req.maxAttempts) {
        this.insert(req.studyId, {
          ...blank(t.number, { ...t.params }),
          attempt: t.attempt + 1,
        });
      }
    }
    let waiting: TrialRecord | null = null;
    const numbers = new Set<number>();
    let maxNumber = -1;
    let active = false;
    for (const t of list) {
      maxNumber = Math.max(maxNumber, t.number);
      if (counts(t)) numbers.add(t.number);
      if (t.state === 'running' || t.state === 'waiting') active = true;
      if (
        t.state === 'waiting' &&
        (waiting === null ||
          t.number < waiting.number ||
          (t.number === waiting.number && t.attempt < waiting.attempt))
      )
        waiting = t;
    }
    let t: TrialRecord;
    if (waiting) t = waiting;
    else if (numbers.size < req.nTrials) {
      const history = req.needsHistory
        ? clone(list.filter((x) => x.state !== 'waiting' && x.state !== 'failed'))
        : [];
      t = this.insert(req.studyId, blank(maxNumber + 1, req.propose(maxNumber + 1, history)));
    } else return { kind: active ? 'wait' : 'done' };
    Object.assign(t, {
      state: 'running',
      workerId: req.workerId,
      startedAt: now,
      heartbeatAt: now,
    });
    return { kind: 'trial', trial: cloneOne(t) };
  }

  async heartbeat(trialId: number, workerId: string): Promise<boolean> {
    const t = this.get(trialId);
    if (t.state !== 'running' || t.workerId !== workerId) return false;
    t.heartbeatAt = Date.now();
    return true;
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    const t = this.get(trialId);
    if (!t.intermediate.some(([s]) => s === step)) t.intermediate.push([step, value]);
  }

  async finishTrial(trialId: number, workerId: string, o: TrialOutcome): Promise<FinishStatus> {
    const e = this.byId.get(trialId);
    if (!e) throw new RangeError(`finishTrial: no trial with id ${trialId}`);
    const t = e.t;
    const list = this.trials.get(e.studyId)!;
    if (t.workerId !== workerId) return 'rejected';
    if (t.state !== 'running') {
      if (t.finishSeq !== null) return sameOutcome(t, o) ? 'duplicate' : 'rejected';
      // Presumed lost, but the result came: keep it if the retry has not started.
      const retry = list.find(
        (x) => x.number === t.number && x.attempt === t.attempt + 1 && x.state === 'waiting',
      );
      if (!(t.state === 'failed' && t.interrupted && retry)) return 'rejected';
      list.splice(list.indexOf(retry), 1);
      this.byId.delete(retry.id);
    }
    const seq = this.finishSeq.get(e.studyId)! + 1;
    this.finishSeq.set(e.studyId, seq);
    Object.assign(t, {
      state: o.state,
      value: o.value,
      error: o.error ?? null,
      interrupted: false,
      finishedAt: Date.now(),
      finishSeq: seq,
    });
    return 'recorded';
  }

  async getTrials(studyId: number): Promise<TrialRecord[]> {
    return clone(this.trials.get(studyId) ?? []);
  }

  async importStudy(config: StudyConfig, trials: Omit<TrialRecord, 'id'>[]): Promise<StudyInfo> {
    if (this.studies.some((s) => s.name === config.name))
      throw new RangeError(`study "${config.name}" already exists in ${this.location}`);
    const info = this.create(config);
    for (const t of trials) this.insert(info.id, cloneOne({ ...t, id: 0 }));
    this.finishSeq.set(
      info.id,
      trials.reduce((m, t) => Math.max(m, t.finishSeq ?? 0), 0),
    );
    return info;
  }

  async close(): Promise<void> {}

  private get(id: number): TrialRecord {
    const e = this.byId.get(id);
    if (!e) throw new RangeError(`no trial with id ${id}`);
    return e.t;
  }
}

/** A fresh waiting attempt 0 of trial `number`. */
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
    heartbeatAt: null,
    interrupted: false,
    error: null,
  };
}

function cloneOne(t: TrialRecord): TrialRecord {
  return { ...t, params: { ...t.params }, intermediate: t.intermediate.map(([s, v]) => [s, v]) };
}

function clone(list: TrialRecord[]): TrialRecord[] {
  return list.map(cloneOne);
}
