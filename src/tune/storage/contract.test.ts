/**
 * The storage contract (storage.ts), one suite run against every storage:
 * in memory (the reference), SQLite, and a real PostgreSQL server (a
 * throw-away cluster, or OPTLAB_TEST_POSTGRES_URL; see testdata/postgres.ts).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../memoryStorage.js';
import { summarize } from '../results.js';
import type { Params } from '../space.js';
import {
  type ClaimRequest,
  type ClaimResult,
  DEFAULT_SETTINGS,
  type StudyStorage,
  type TrialRecord,
} from '../storage.js';
import { PostgresStorage } from './postgres.js';
import { SqliteStorage } from './sqlite.js';
import { HOW_TO_ENABLE } from './testdata/postgres.js';
import { storageSuite } from './testdata/suite.test-util.js';
import { exportLines, parseExport } from './transfer.js';

/** Another connection to the same storage (the same object in memory). */
async function again(s: StudyStorage): Promise<StudyStorage> {
  if (s instanceof PostgresStorage) return new PostgresStorage(pgUrls.get(s)!);
  return s;
}
const pgUrls = new Map<StudyStorage, string>();

const { dir, pgOk, server } = storageSuite('contract');

let files = 0;
const stores: [string, () => Promise<StudyStorage>][] = [
  ['memory', async () => new MemoryStorage()],
  ['sqlite', async () => new SqliteStorage(join(dir, `c${files++}.db`))],
];
if (pgOk)
  stores.push([
    'postgres',
    async () => {
      const url = await server().database();
      const st = new PostgresStorage(url);
      pgUrls.set(st, url);
      return st;
    },
  ]);
else console.warn(`the PostgreSQL storage contract is not run here: ${HOW_TO_ENABLE}`);

const config = { name: 's', direction: 'minimize' as const, config: { seed: 1, sampler: 'x' } };
const p = (n: number): Params => ({ x: n / 10, c: `k${n}` });

function req(studyId: number, o: Partial<ClaimRequest> = {}): ClaimRequest {
  return {
    studyId,
    workerId: 'w1',
    nTrials: 3,
    maxAttempts: 3,
    isStale: () => false,
    needsHistory: false,
    propose: (n) => p(n),
    ...o,
  };
}

const trialOf = (c: ClaimResult): TrialRecord => {
  if (c.kind !== 'trial') throw new Error(`expected a trial, got ${c.kind}`);
  return c.trial;
};

describe.each(stores)('storage contract: %s', (_, make) => {
  let s: StudyStorage;
  beforeAll(async () => {
    s = await make();
  });
  afterAll(async () => {
    await s.close();
  });
  let k = 0;
  const fresh = async (extra: Partial<typeof config> & { nTrials?: number } = {}) =>
    s.openStudy({ ...config, name: `s${k++}`, ...extra });

  it('creates, reopens, lists and loads studies; a different config is refused', async () => {
    const a = await fresh({ nTrials: 5 });
    expect(a.nTrials).toBe(5);
    expect(a.settings).toEqual(DEFAULT_SETTINGS);
    const again = await s.openStudy({ ...config, name: a.name });
    expect(again.id).toBe(a.id);
    expect(again.nTrials).toBe(5);
    const grown = await s.openStudy({
      ...config,
      name: a.name,
      nTrials: 9,
      settings: { maxAttempts: 5, heartbeatMs: 100, graceMs: 1000 },
    });
    expect([grown.nTrials, grown.settings.maxAttempts, grown.settings.graceMs]).toEqual([
      9, 5, 1000,
    ]);
    expect(await s.loadStudy(a.name)).toEqual(grown);
    expect(await s.loadStudy('no such study')).toBe(null);
    expect((await s.listStudies()).map((x) => x.name)).toContain(a.name);
    await expect(
      s.openStudy({ ...config, name: a.name, config: { seed: 2, sampler: 'x' } }),
    ).rejects.toThrow(/different configuration/);
    await expect(s.openStudy({ ...config, name: a.name, direction: 'maximize' })).rejects.toThrow(
      /different configuration/,
    );
  });

  it('claims numbers 0, 1, 2 with the proposed params, then waits for running trials, then is done', async () => {
    const st = await fresh();
    const got: TrialRecord[] = [];
    for (let i = 0; i < 3; i++) got.push(trialOf(await s.claimTrial(req(st.id))));
    expect(got.map((t) => [t.number, t.attempt, t.state, t.workerId])).toEqual([
      [0, 0, 'running', 'w1'],
      [1, 0, 'running', 'w1'],
      [2, 0, 'running', 'w1'],
    ]);
    expect(got.map((t) => t.params)).toEqual([p(0), p(1), p(2)]);
    expect(got.every((t) => t.heartbeatAt !== null && t.startedAt !== null)).toBe(true);
    expect((await s.claimTrial(req(st.id))).kind).toBe('wait');
    for (const t of got)
      expect(await s.finishTrial(t.id, 'w1', { state: 'complete', value: t.number })).toBe(
        'recorded',
      );
    expect((await s.claimTrial(req(st.id))).kind).toBe('done');
    const all = await s.getTrials(st.id);
    expect(all.map((t) => [t.number, t.state, t.value, t.finishSeq])).toEqual([
      [0, 'complete', 0, 1],
      [1, 'complete', 1, 2],
      [2, 'complete', 2, 3],
    ]);
  });

  it('finishing is idempotent: a repeat is a duplicate, another result or another worker is rejected', async () => {
    const st = await fresh();
    const t = trialOf(await s.claimTrial(req(st.id)));
    expect(await s.finishTrial(t.id, 'w2', { state: 'complete', value: 1 })).toBe('rejected');
    expect(await s.finishTrial(t.id, 'w1', { state: 'complete', value: 1.5 })).toBe('recorded');
    expect(await s.finishTrial(t.id, 'w1', { state: 'complete', value: 1.5 })).toBe('duplicate');
    expect(await s.finishTrial(t.id, 'w1', { state: 'complete', value: 2 })).toBe('rejected');
    const [row] = await s.getTrials(st.id);
    expect([row!.value, row!.finishSeq]).toEqual([1.5, 1]);
    const f = trialOf(await s.claimTrial(req(st.id)));
    expect(await s.finishTrial(f.id, 'w1', { state: 'failed', value: null, error: 'boom' })).toBe(
      'recorded',
    );
    expect(await s.finishTrial(f.id, 'w1', { state: 'failed', value: null, error: 'boom' })).toBe(
      'duplicate',
    );
    expect((await s.getTrials(st.id))[1]!.error).toBe('boom');
  });

  it('heartbeats move heartbeatAt and say false once the trial is not this worker’s running one', async () => {
    const st = await fresh();
    const t = trialOf(await s.claimTrial(req(st.id)));
    await new Promise((r) => setTimeout(r, 15));
    expect(await s.heartbeat(t.id, 'w1')).toBe(true);
    const [after] = await s.getTrials(st.id);
    expect(after!.heartbeatAt!).toBeGreaterThan(t.heartbeatAt!);
    expect(await s.heartbeat(t.id, 'w2')).toBe(false);
    await s.finishTrial(t.id, 'w1', { state: 'complete', value: 0 });
    expect(await s.heartbeat(t.id, 'w1')).toBe(false);
  });

  it('a stale trial is failed as interrupted and retried with the same params before any new number', async () => {
    const st = await fresh();
    const a = trialOf(await s.claimTrial(req(st.id, { workerId: 'dead' })));
    const seen: TrialRecord[] = [];
    const isStale = (t: TrialRecord) => {
      seen.push(t);
      return t.workerId === 'dead';
    };
    const b = trialOf(await s.claimTrial(req(st.id, { isStale })));
    expect(seen.map((t) => t.id)).toEqual([a.id]);
    expect([b.number, b.attempt, b.params]).toEqual([0, 1, a.params]);
    const rows = await s.getTrials(st.id);
    expect(rows.map((t) => [t.number, t.attempt, t.state, t.interrupted])).toEqual([
      [0, 0, 'failed', true],
      [0, 1, 'running', false],
    ]);
    expect(rows[0]!.finishSeq).toBe(null);
  });

  it('interrupted attempts do not use the budget; a number lost maxAttempts times is given up and replaced', async () => {
    const st = await fresh();
    const dead = (w: string) => (t: TrialRecord) => t.workerId === w;
    // Trial 0 is lost three times (maxAttempts 3): each claim finds the last one stale.
    let t = trialOf(await s.claimTrial(req(st.id, { workerId: 'd0' })));
    for (let i = 1; i < 3; i++) {
      t = trialOf(
        await s.claimTrial(req(st.id, { workerId: `d${i}`, isStale: dead(`d${i - 1}`) })),
      );
      expect([t.number, t.attempt]).toEqual([0, i]);
    }
    // The third loss gives it up: the next claims are numbers 1, 2, 3 (budget 3 results).
    const fresh3: number[] = [];
    for (let i = 0; i < 3; i++) {
      const c = trialOf(await s.claimTrial(req(st.id, { isStale: dead('d2') })));
      fresh3.push(c.number);
      await s.finishTrial(c.id, 'w1', { state: 'complete', value: c.number });
    }
    expect(fresh3).toEqual([1, 2, 3]);
    expect((await s.claimTrial(req(st.id))).kind).toBe('done');
    const sum = summarize(await s.getTrials(st.id));
    expect(sum).toEqual({
      complete: 3,
      pruned: 0,
      failed: 0,
      interrupted: 3,
      givenUp: [0],
      counted: 3,
    });
  });

  it('a result that arrives after its trial was presumed lost is kept while its retry waits, else dropped', async () => {
    const st = await fresh();
    const t0 = trialOf(await s.claimTrial(req(st.id, { nTrials: 2 })));
    const t1 = trialOf(await s.claimTrial(req(st.id, { nTrials: 2 })));
    // w2 finds both of w1's trials lost: it queues two retries and runs the first.
    const r0 = trialOf(
      await s.claimTrial(
        req(st.id, { nTrials: 2, workerId: 'w2', isStale: (t) => t.workerId === 'w1' }),
      ),
    );
    expect([r0.number, r0.attempt]).toEqual([0, 1]);
    // w1 was alive after all: trial 0's retry runs, so its late result is dropped …
    expect(await s.finishTrial(t0.id, 'w1', { state: 'complete', value: 10 })).toBe('rejected');
    // … trial 1's retry still waits, so its late result is kept and the retry removed.
    expect(await s.finishTrial(t1.id, 'w1', { state: 'complete', value: 11 })).toBe('recorded');
    expect(await s.finishTrial(r0.id, 'w2', { state: 'complete', value: 10 })).toBe('recorded');
    const rows = await s.getTrials(st.id);
    expect(rows.map((t) => [t.number, t.attempt, t.state, t.interrupted, t.value])).toEqual([
      [0, 0, 'failed', true, null],
      [1, 0, 'complete', false, 11],
      [0, 1, 'complete', false, 10],
    ]);
    expect((await s.claimTrial(req(st.id, { nTrials: 2 }))).kind).toBe('done');
  });

  it('gives propose the complete, pruned and running trials only when it needs history', async () => {
    const st = await fresh();
    const lists: number[][] = [];
    const propose = (n: number, trials: TrialRecord[]) => {
      lists.push(trials.map((t) => t.number));
      return p(n);
    };
    const r = (needsHistory: boolean, o: Partial<ClaimRequest> = {}) =>
      s.claimTrial(req(st.id, { nTrials: 10, propose, needsHistory, ...o }));
    const t0 = trialOf(await r(true));
    await s.finishTrial(t0.id, 'w1', { state: 'complete', value: 1 });
    const t1 = trialOf(await r(true));
    await s.finishTrial(t1.id, 'w1', { state: 'pruned', value: 2 });
    const t2 = trialOf(await r(true));
    await s.finishTrial(t2.id, 'w1', { state: 'failed', value: null, error: 'x' });
    trialOf(await r(true)); // 3 stays running
    trialOf(await r(false));
    trialOf(await r(true));
    expect(lists).toEqual([[], [0], [0, 1], [0, 1], [], [0, 1, 3, 4]]);
  });

  it('keeps the first value of a repeated step; NaN survives as NaN', async () => {
    const st = await fresh();
    const t = trialOf(await s.claimTrial(req(st.id)));
    await s.reportIntermediate(t.id, 1, 0.5);
    await s.reportIntermediate(t.id, 1, 0.7);
    await s.reportIntermediate(t.id, 2, Number.NaN);
    await s.reportIntermediate(t.id, 3, 0.25);
    const [row] = await s.getTrials(st.id);
    expect(row!.intermediate).toEqual([
      [1, 0.5],
      [2, Number.NaN],
      [3, 0.25],
    ]);
  });

  it('exports and imports a study (JSON lines) with every field, under a new name', async () => {
    const st = await fresh({ nTrials: 4 });
    const a = trialOf(await s.claimTrial(req(st.id, { nTrials: 4 })));
    await s.reportIntermediate(a.id, 1, 2.5);
    await s.finishTrial(a.id, 'w1', { state: 'pruned', value: 2.5 });
    const b = trialOf(await s.claimTrial(req(st.id, { nTrials: 4 })));
    await s.finishTrial(b.id, 'w1', { state: 'complete', value: -1 });
    trialOf(await s.claimTrial(req(st.id, { nTrials: 4, isStale: () => true })));
    const info = (await s.loadStudy(st.name))!;
    const before = await s.getTrials(st.id);
    const lines = exportLines(info, before);
    const parsed = parseExport(lines.join('\n'), `${st.name}-copy`);
    const copy = await s.importStudy(parsed.config, parsed.trials);
    expect([copy.name, copy.nTrials, copy.config]).toEqual([`${st.name}-copy`, 4, info.config]);
    const after = await s.getTrials(copy.id);
    const strip = (t: TrialRecord) => ({ ...t, id: 0 });
    expect(after.map(strip)).toEqual(before.map(strip));
    await expect(s.importStudy(parsed.config, parsed.trials)).rejects.toThrow(/already exists/);
    // The imported study goes on: its finish order continues after the imported ones.
    const next = trialOf(await s.claimTrial(req(copy.id, { nTrials: 4 })));
    await s.finishTrial(next.id, 'w1', { state: 'complete', value: 0 });
    const seqs = (await s.getTrials(copy.id)).map((t) => t.finishSeq).filter((x) => x !== null);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('concurrent claims from several connections never hand out one trial twice', async () => {
    // SQLite connections in one thread would wait on each other's locks: its
    // concurrency is tested with processes (scenarios.test.ts).
    if (s instanceof SqliteStorage) return;
    const st = await fresh();
    const conns = await Promise.all([1, 2, 3, 4].map(() => again(s)));
    const ran: number[] = [];
    await Promise.all(
      conns.map(async (c, w) => {
        for (;;) {
          const r = await c.claimTrial(req(st.id, { nTrials: 60, workerId: `w${w}` }));
          if (r.kind === 'done') return;
          if (r.kind === 'wait') {
            await new Promise((res) => setTimeout(res, 2));
            continue;
          }
          ran.push(r.trial.number);
          await c.finishTrial(r.trial.id, `w${w}`, { state: 'complete', value: 0 });
        }
      }),
    );
    for (const c of conns) if (c !== s) await c.close();
    expect(ran.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(new Set((await s.getTrials(st.id)).map((t) => t.workerId)).size).toBeGreaterThan(1);
  });
});
