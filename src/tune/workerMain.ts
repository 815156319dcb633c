/**
 * Entry point of a forked tune worker: `node workerMain.js '<job JSON>'`
 * (see worker.ts). Exits 0 when the study's budget is used up, 1 on error.
 */
import { runWorker } from './worker.js';

const arg = process.argv[2];
if (!arg) {
  process.stderr.write('tune worker: missing job argument\n');
  process.exit(2);
}
runWorker(JSON.parse(arg)).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`tune worker: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
