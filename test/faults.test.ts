/**
 * Fault tests of `optlab train` (issue 19): a run killed with SIGKILL at
 * random points — some while a checkpoint is being written (the kill is sent
 * when the temporary file appears) — and resumed with `--resume DIR` (no
 * `--config`: the checkpoint holds it), until it finishes, ends with a model
 * bit-identical to an uninterrupted run's and leaves no temporary files.
 *
 * Each run is a child process (tsx, so the current sources). OPTLAB_FAULT_RUNS
 * sets the number of interrupted runs (default 2, each killed twice); the
 * counts are printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../src/random/index.js';

const RUNS = Number(process.env.OPTLAB_FAULT_RUNS ?? 2);
const KILLS_PER_RUN = 2;

const root = mkdtempSync(join(tmpdir(), 'optlab-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));
const mainUrl = new URL('../src/cli/main.ts', import.meta.url).href;
const script = `const { main } = await import(${JSON.stringify(mainUrl)});
process.exitCode = await main(process.argv.slice(1));`;

// 8 updates per epoch (800 training rows, batches of 100), 8 epochs: a checkpoint
// (θ and Adam's two moments, ~0.8 MB of JSON) every few tens of milliseconds.
const config = {
  data: 'mnist',
  validation: 7200,
  model: { hidden: [64], dtype: 'float32' },
  optimizer: { name: 'adam', lr: 0.002 },
  batchSize: 100,
  epochs: 8,
  trainEvalSize: 100,
  seed: 3,
};
const configPath = join(root, 'config.json');
writeFileSync(configPath, JSON.stringify(config));

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function runToEnd(args: string[]): Promise<void> {
  const child = start(args);
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const code = await exited(child);
  if (code !== 0) throw new Error(`optlab ${args.join(' ')} exited ${code}: ${err.slice(-500)}`);
}

const isTemp = (name: string) => /\.tmp$/.test(name);

/**
 * Starts or resumes the run in `dir` and kills it with SIGKILL when the
 * `nth` temporary file of an atomic write appears in `dir` (a checkpoint, or
 * at the end metrics and model): at once (`duringWrite`, so the write is
 * under way), or `delayMs` later (somewhere in the next epoch). Returns
 * whether a temporary file was present at the kill, or null when the run
 * finished first.
 */
async function killOnce(
  dir: string,
  nth: number,
  duringWrite: boolean,
  delayMs: number,
): Promise<boolean | null> {
  const args = existsSync(join(dir, 'checkpoint.json'))
    ? ['train', '--resume', dir]
    : ['train', '--config', configPath, '--out', dir];
  const child = start(args);
  child.stderr!.resume();
  let hit = false;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    hit = readdirSync(dir).some(isTemp);
    child.kill('SIGKILL');
  };
  const seen = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, (_e, name) => {
    if (!name || !isTemp(name) || seen.has(name)) return;
    seen.add(name);
    if (seen.size !== nth) return;
    if (duringWrite) kill();
    else timer = setTimeout(kill, delayMs);
  });
  const code = await exited(child);
  clearTimeout(timer);
  watcher.close();
  if (child.signalCode === 'SIGKILL') return hit;
  if (code !== 0) throw new Error(`optlab ${args.join(' ')} exited ${code} before it was killed`);
  return null;
}

describe('kill -9 of optlab train, then --resume (issue 19)', () => {
  it(`${RUNS} runs killed ${KILLS_PER_RUN} times each resume bit-identically with no temporary files left`, async () => {
    const ref = join(root, 'ref');
    await runToEnd(['train', '--config', configPath, '--out', ref]);
    const refModel = readFileSync(join(ref, 'model.bin'));
    const refMetrics = JSON.parse(readFileSync(join(ref, 'metrics.json'), 'utf8'));
    const rng = new Rng(19);
    let kills = 0;
    let duringWrites = 0;
    let finishedFirst = 0;
    for (let r = 0; r < RUNS; r++) {
      const dir = join(root, `run-${r}`);
      mkdirSync(dir);
      for (let k = 0; k < KILLS_PER_RUN; k++) {
        const duringWrite = (r + k) % 2 === 0;
        const nth = 1 + rng.int(3);
        const hit = await killOnce(dir, nth, duringWrite, 150 * rng.uniform());
        if (hit === null) finishedFirst++;
        else {
          kills++;
          if (hit) duringWrites++;
        }
      }
      await runToEnd(
        existsSync(join(dir, 'checkpoint.json'))
          ? ['train', '--resume', dir]
          : ['train', '--config', configPath, '--out', dir],
      );
      expect(readFileSync(join(dir, 'model.bin')).equals(refModel), `run ${r}: model.bin`).toBe(
        true,
      );
      const m = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
      expect(m.test, `run ${r}: test metrics`).toEqual(refMetrics.test);
      expect(
        m.epochs.map((e: { trainLoss: number }) => e.trainLoss),
        `run ${r}: per-epoch losses`,
      ).toEqual(refMetrics.epochs.map((e: { trainLoss: number }) => e.trainLoss));
      expect(readdirSync(dir).filter(isTemp), `run ${r}: temporary files`).toEqual([]);
    }
    console.log(
      `faults: ${RUNS} training runs, ${kills} kill -9 (${duringWrites} while a temporary file existed), ${finishedFirst} runs finished before their kill; all resumed bit-identically, no temporary files left`,
    );
    expect(kills + finishedFirst).toBe(RUNS * KILLS_PER_RUN);
  }, 600_000);
});
