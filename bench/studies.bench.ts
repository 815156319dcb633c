/**
 * `npm run bench studies`: how many trials per second a study storage hands
 * out — claim, then record the result — with 1, 4 and 8 worker processes on a
 * no-op objective (Branin: microseconds), so the storage's overhead alone is
 * measured. SQLite (a file in the temporary folder) and PostgreSQL (the
 * throw-away cluster of the tests, or OPTLAB_TEST_POSTGRES_URL) are run
 * interleaved, each configuration twice on a fresh study; the rate is
 * trials / (last finish − first claim) from the storage's own timestamps, so
 * process start-up is left out. Set STUDIES_BENCH_TRIALS to change the study
 * size (default 1500).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../src/tune/storage/open.js';
import {
  type PgServer,
  postgresAvailable,
  startPostgres,
} from '../src/tune/storage/testdata/postgres.js';
import { forkWorkers } from '../src/tune/worker.js';
import { median } from './util.js';

const spec = (trials: number) => ({
  objective: { name: 'branin' as const },
  sampler: { name: 'random' as const },
  trials,
  seed: 0,
});

async function rate(url: string, workers: number, trials: number): Promise<number> {
  await forkWorkers({ storage: url, study: 'bench', spec: spec(trials) }, workers);
  const s = await openStorage(url);
  try {
    const info = (await s.loadStudy('bench'))!;
    const t = await s.getTrials(info.id);
    if (t.filter((x) => x.state === 'complete').length !== trials)
      throw new Error(`bench: expected ${trials} complete trials`);
    const first = Math.min(...t.map((x) => x.startedAt!));
    const last = Math.max(...t.map((x) => x.finishedAt!));
    return trials / ((last - first) / 1000);
  } finally {
    await s.close();
  }
}

export async function run(): Promise<void> {
  const trials = Number(process.env.STUDIES_BENCH_TRIALS ?? 1500);
  const dir = mkdtempSync(join(tmpdir(), 'optlab-bench-studies-'));
  let server: PgServer | null = null;
  if (postgresAvailable()) server = await startPostgres();
  else console.log('PostgreSQL not found: SQLite only (install postgresql to compare)');
  let k = 0;
  const kinds = server ? ['sqlite', 'postgres'] : ['sqlite'];
  const results = new Map<string, number[]>();
  try {
    for (let round = 0; round < 2; round++) {
      for (const workers of [1, 4, 8]) {
        for (const kind of kinds) {
          const url = kind === 'sqlite' ? join(dir, `b${k++}.db`) : await server!.database('bench');
          const r = await rate(url, workers, trials);
          const key = `${kind} ${workers}`;
          results.set(key, [...(results.get(key) ?? []), r]);
        }
      }
    }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `trials claimed and recorded per second (no-op objective, ${trials} trials, median of 2)`,
  );
  console.log('storage     workers  trials/s   runs');
  for (const [key, rs] of results) {
    const [kind, w] = key.split(' ');
    console.log(
      `${kind!.padEnd(10)}  ${w!.padStart(7)}  ${median(rs).toFixed(0).padStart(8)}   ${rs.map((r) => r.toFixed(0)).join(', ')}`,
    );
  }
}
