/**
 * A tune worker for tests (forked with `node --import tsx`): runs `runWorker` on
 * the job in argv[2] with the spec's objective wrapped so that each trial tells
 * the parent `{started: number}` and `{finished: number}` over IPC and takes
 * DELAY_MS; when HANG_AT equals a trial number the trial never finishes (the
 * parent kills the process there). With WAIT_GO set, it says `{ready: true}` and
 * waits for the parent's 'go' before starting, so that two workers start together.
 */
import { makeObjective, parseTuneSpec } from '../spec.js';
import { runWorker, type WorkerJob } from '../worker.js';

const job = JSON.parse(process.argv[2]!) as WorkerJob;
const base = makeObjective(parseTuneSpec(job.spec).objective);
const hangAt = process.env.HANG_AT === undefined ? -1 : Number(process.env.HANG_AT);
const delay = Number(process.env.DELAY_MS ?? 0);
const send = (m: unknown) => new Promise<void>((r) => process.send!(m, () => r()));

if (process.env.WAIT_GO) {
  await send({ ready: true });
  await new Promise<void>((r) => process.once('message', () => r()));
}

runWorker(job, {
  objective: {
    ...base,
    async evaluate(params, trial) {
      await send({ started: trial.number, pid: process.pid });
      if (trial.number === hangAt) await new Promise(() => setInterval(() => {}, 1000));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const v = await base.evaluate(params, trial);
      await send({ finished: trial.number, pid: process.pid });
      return v;
    },
  },
}).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`fixture worker: ${String(e)}\n`);
    process.exit(1);
  },
);
