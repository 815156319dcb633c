/**
 * Entry point of a forked tune worker: `node workerMain.js '<job JSON>'`
 * (see worker.ts). Exits 0 when the study's budget is used up, 1 on error.
 *
 * It dies with its parent: when the IPC channel to the parent closes (the
 * parent exited or was killed, even by SIGKILL) or its parent process id
 * changes, it exits at once with status 3. A trial it was running is then
 * failed and retried by the other workers (its pid is gone), never run twice
 * at the same time.
 */
import { runWorker } from './worker.js';

const orphaned = () => {
  process.stderr.write(`tune worker ${process.pid}: parent gone, exiting\n`);
  process.exit(3);
};
process.on('disconnect', orphaned);
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) orphaned();
}, 500).unref();

const arg = process.argv[2];
if (!arg) {
  process.stderr.write('tune worker: missing job argument\n');
  process.exit(2);
}
runWorker(JSON.parse(arg), {
  onTrial: (trial, status) => process.send?.({ trial, status }),
}).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`tune worker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
