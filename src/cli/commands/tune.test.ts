import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';
import { SqliteStorage } from '../../tune/storage/sqlite.js';
import { type Started, startWorker } from '../../tune/testdata/spawn.js';

const spec = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 12, seed: 3 };
const tmp = () => mkdtempSync(join(tmpdir(), 'optlab-tune-'));

describe('optlab tune', () => {
  it('prints the best trial and every trial in order, the same for the same seed', async () => {
    const a = await cli(['tune', '--quiet'], { spec });
    expect(a.stderr).toBe('');
    const out = JSON.parse(a.stdout) as {
      best: { value: number; params: Record<string, number> };
      trials: { value: number; params: Record<string, number> }[];
    };
    expect(out.trials).toHaveLength(12);
    expect(out.best.value).toBe(Math.min(...out.trials.map((t) => t.value)));
    for (const t of out.trials) {
      expect(t.params.x1).toBeGreaterThanOrEqual(-5);
      expect(t.params.x1).toBeLessThanOrEqual(10);
      expect(t.params.x2).toBeGreaterThanOrEqual(0);
      expect(t.params.x2).toBeLessThanOrEqual(15);
    }
    const b = await cli(['tune', '--quiet'], { spec });
    expect(b.stdout).toBe(a.stdout);
  });

  it('logs one line per finished trial on standard error (value, parameters, best so far, count); stdout stays the JSON', async () => {
    const r = await cli(['tune'], { spec });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      trials: { value: number; params: Record<string, number> }[];
    };
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(12);
    let best = Number.POSITIVE_INFINITY;
    lines.forEach((line, i) => {
      const t = out.trials[i]!;
      best = Math.min(best, t.value);
      expect(line).toMatch(new RegExp(`^trial ${i} complete: value `));
      expect(line).toContain(`value ${Number(t.value.toPrecision(6))}`);
      expect(line).toContain(`x1=${Number(t.params.x1!.toPrecision(6))}`);
      expect(line).toContain(`best ${Number(best.toPrecision(6))}`);
      expect(line).toMatch(new RegExp(`\\[${i + 1}/12\\]$`));
    });
  });

  it('keeps a study in SQLite and resumes it: a second run with more trials reuses the first ones', async () => {
    const storage = join(tmp(), 'study.db');
    const run = async (trials: number) =>
      JSON.parse(
        (
          await cli(['tune', '--quiet', '--study', 's', '--storage', storage], {
            spec: { ...spec, trials },
          })
        ).stdout,
      );
    const first = await run(5);
    const second = await run(8);
    expect(second.trials).toHaveLength(8);
    expect(second.trials.slice(0, 5)).toEqual(first.trials);
  });

  it('--worker joins a stored study (its spec and budget from the storage) and prints the study’s result', async () => {
    const storage = `sqlite://${join(tmp(), 'join.db')}`;
    const started = await cli(['tune', '--quiet', '--study', 'j', '--storage', storage], {
      spec: { ...spec, trials: 4 },
    });
    // A larger budget, set by a run that the worker then completes.
    const db = new SqliteStorage(storage.slice('sqlite://'.length));
    await db.openStudy({
      name: 'j',
      direction: 'minimize',
      config: { objective: spec.objective, sampler: spec.sampler, seed: 3 },
      nTrials: 7,
    });
    await db.close();
    const joined = await cli(['tune', '--worker', '--study', 'j', '--storage', storage]);
    expect(joined.status).toBe(0);
    const out = JSON.parse(joined.stdout);
    expect(out.trials).toHaveLength(7);
    expect(out.trials.slice(0, 4)).toEqual(JSON.parse(started.stdout).trials);
    expect(
      joined.stderr
        .trim()
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(['trial 4 complete', 'trial 5 complete', 'trial 6 complete']);
    const one = JSON.parse(
      (await cli(['tune', '--quiet'], { spec: { ...spec, trials: 7 } })).stdout,
    );
    expect(out).toEqual(one);
  });

  it('rejects a bad spec, bad flags, a missing study and a storage that is not an optlab study, in one line with status 2', async () => {
    const bad = await cli(['tune'], { spec: { ...spec, sampler: { name: 'gp', foo: 1 } } });
    expect([bad.status, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/sampler/);
    expect((await cli(['tune', '--workers', '0'], { spec })).status).toBe(2);
    expect((await cli(['tune', '--workers', '2'], { spec })).stderr).toMatch(
      /--workers needs --storage/,
    );
    const noStudy = await cli([
      'tune',
      '--worker',
      '--study',
      'nope',
      '--storage',
      join(tmp(), 'e.db'),
    ]);
    expect(noStudy.status).toBe(1);
    expect(noStudy.stderr).toMatch(/no study "nope"/);
    expect((await cli(['tune', '--worker'])).stderr).toMatch(
      /needs --storage URL and --study NAME/,
    );
    const foreign = join(tmp(), 'app.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE accounts (id INTEGER)');
    db.close();
    const r = await cli(['tune', '--storage', foreign, '--study', 's'], { spec });
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not an optlab study database \(it has tables accounts\)/);
    expect((await cli(['tune', '--storage', 'mysql://x/y'], { spec })).stderr).toMatch(
      /unknown URL scheme "mysql"/,
    );
  });

  it('a trial whose workers keep dying does not eat the budget: it is given up, replaced, and the run says so', async () => {
    const storage = join(tmp(), 'lost.db');
    const s8 = { ...spec, trials: 8 };
    // Three workers, each killed inside trial 2 (maxAttempts 3): trial 2 is given up.
    for (let k = 0; k < 3; k++) {
      const w: Started = startWorker(
        { storage, study: 'l', spec: s8 as never },
        { env: { HANG_AT: '2' }, onStart: (n, x) => n === 2 && x.child.kill('SIGKILL') },
      );
      expect((await w.exit).signal).toBe('SIGKILL');
    }
    const r = await cli(['tune', '--study', 'l', '--storage', storage], { spec: s8 });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trials).toHaveLength(8);
    expect(r.stderr).toMatch(
      /trial 2 lost 3 workers each and was given up; new trials took their place/,
    );
    const show = JSON.parse(
      (await cli(['study', 'show', 'l', '--storage', storage, '--json'])).stdout,
    );
    expect(show.study.givenUp).toEqual([2]);
    expect(show.study.interrupted).toBe(3);
    expect(show.trials.filter((t: { state: string }) => t.state === 'complete')).toHaveLength(8);
  });
});

describe('workers die with their parent (issue 19: orphaned workers)', () => {
  it('after kill -9 of `optlab tune --workers 3`, its workers exit within seconds and leave no live running trial', async () => {
    const dir = tmp();
    const storage = join(dir, 'orphans.db');
    const specFile = join(dir, 'spec.json');
    writeFileSync(
      specFile,
      JSON.stringify({ ...spec, objective: { name: 'rosenbrock', dim: 4 }, trials: 1_000_000 }),
    );
    const main = fileURLToPath(new URL('../main.ts', import.meta.url));
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(process.argv.slice(1));`,
        'tune',
        specFile,
        '--storage',
        storage,
        '--study',
        'o',
        '--workers',
        '3',
        '--quiet',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise((r) => parent.on('exit', r));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const pidsRunning = () => {
      try {
        const db = new Database(storage, { readonly: true, timeout: 5000 });
        const rows = db
          .prepare("SELECT worker_id AS w FROM optlab_trials WHERE state = 'running'")
          .all() as { w: string }[];
        const done = (
          db.prepare("SELECT COUNT(*) AS n FROM optlab_trials WHERE state = 'complete'").get() as {
            n: number;
          }
        ).n;
        db.close();
        return { pids: rows.map((r) => Number(r.w.split(':').at(-2))), done };
      } catch {
        return { pids: [], done: 0 };
      }
    };
    const deadline = Date.now() + 60_000;
    let seen = new Set<number>();
    while (Date.now() < deadline) {
      const { pids, done } = pidsRunning();
      for (const p of pids) seen.add(p);
      if (done > 30 && seen.size === 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.size).toBe(3);
    parent.kill('SIGKILL');
    await exited;
    const t0 = Date.now();
    while ([...seen].some(alive) && Date.now() - t0 < 10_000)
      await new Promise((r) => setTimeout(r, 20));
    const took = Date.now() - t0;
    expect([...seen].filter(alive)).toEqual([]);
    expect(took).toBeLessThan(3000);
    // No trial is left running for a live process.
    seen = new Set(pidsRunning().pids);
    expect([...seen].filter(alive)).toEqual([]);
  }, 90_000);
});
