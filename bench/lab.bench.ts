/**
 * The lab's training throughput against Node's: the training dashboard's
 * default run (784-100-10 ReLU, He normal, Adam 0.001, batch 100, float32,
 * the built-in digits) trained for 2 epochs by the library's loop with the
 * WebAssembly backend — in Node, and in the page's worker in Chromium (the
 * number the page shows) — interleaved A/B/A/B/A/B, samples per second of
 * update time (evaluation excluded) in both. Needs the lab built and Chromium;
 * without them only Node is measured.
 *
 *   npm run bench lab
 */
import { performance } from 'node:perf_hooks';
import { backend } from '../src/backend/index.js';
import { loadDataset } from '../src/data/index.js';
import { fit, setupTraining, trainConfigSchema } from '../src/train/index.js';
import { browserMissing, newPage, openLab } from '../test/lab/browser.js';
import { median } from './util.js';

const CONFIG = {
  data: 'mnist',
  validation: 0.1,
  model: { hidden: [100], activation: 'relu', init: 'he-normal', dtype: 'float32' },
  optimizer: { name: 'adam', lr: 0.001 },
  batchSize: 100,
  epochs: 2,
  seed: 0,
};

async function nodeRate(): Promise<number> {
  const cfg = trainConfigSchema.parse(CONFIG);
  const s = setupTraining(cfg, loadDataset('mnist'));
  let busy = 0;
  let samples = 0;
  let last = performance.now();
  await fit(
    s.model,
    { data: s.train },
    {
      ...s.fitOptions,
      recordSteps: false,
      callbacks: {
        onStep() {
          const now = performance.now();
          busy += now - last;
          samples += cfg.batchSize;
          last = performance.now();
        },
        onEpoch() {
          last = performance.now();
        },
      },
    },
  );
  return (1000 * samples) / busy;
}

export async function run(): Promise<void> {
  console.log(
    `backend in Node: ${backend().name}; machine shared with other work: read ratios, not absolutes`,
  );
  const why = browserMissing();
  const lab = why ? null : await openLab('/nonexistent');
  if (why) console.log(`browser side skipped: ${why}`);
  const node: number[] = [];
  const page: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    node.push(await nodeRate());
    if (lab) {
      const { page: p } = await newPage(lab);
      await p.goto(`${lab.url}#/dashboard?epochs=2`);
      await p.getByTestId('start').click();
      await p.waitForFunction(
        () => document.querySelector('[data-testid="state-1"]')?.textContent === 'done',
        null,
        { timeout: 300_000 },
      );
      page.push(Number(await p.getByTestId('throughput-1').getAttribute('data-value')));
      await p.close();
    }
    console.log(
      `  round ${rep + 1}: Node ${Math.round(node[rep]!)} samples/s${lab ? `, page worker ${Math.round(page[rep]!)} samples/s` : ''}`,
    );
  }
  await lab?.close();
  const n = median(node);
  console.log(`median: Node ${Math.round(n)} samples/s`);
  if (page.length > 0) {
    const b = median(page);
    console.log(
      `median: page worker ${Math.round(b)} samples/s; Node / page = ${(n / b).toFixed(2)}`,
    );
  }
}
