/**
 * A tune worker for tests (forked with `node --import tsx`): runs `runWorker` on
 * the job in argv[2] with the spec's objective wrapped so that each trial tells
 * the parent `{started: number}` over IPC and takes DELAY_MS, and each result
 * the storage recorded is reported as `{recorded: number, id, value, status}`.
 * When HANG_AT equals a trial number the trial never finishes (the parent kills
 * the process there). With WAIT_GO set, it says `{ready: true}` and waits for
 * the parent's 'go' before starting, so that workers start together. Without
 * IPC (a detached "host"), it reports nothing.
 */
import { makeObjective, parseTuneSpec } from '../spec.js';
import { runWorker, type WorkerJob } from '../worker.js';

const job = JSON.parse(process.argv[2]!) as WorkerJob;
const base = makeObjective(parseTuneSpec(job.spec).objective);
const hangAt = process.env.HANG_AT === undefined ? -1 : Number(process.env.HANG_AT);
const delay = Number(process.env.DELAY_MS ?? 0);
const send = (m: unknown) =>
  new Promise<void>((r) => (process.send ? process.send(m, () => r()) : r()));

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
      return base.evaluate(params, trial);
    },
  },
  onTrial: (t, status) => {
    process.send?.({ recorded: t.number, id: t.id, value: t.value, status });
  },
}).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`fixture worker: ${String(e)}\n`);
    process.exit(1);
  },
);
