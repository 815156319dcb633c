/**
 * Training dashboard (DLFS figs 6-9, 6-15, 6-19, 6-21, 6-23): MLPs trained on
 * the built-in digits in the page, each run in its own worker, side by side,
 * with live loss and accuracy curves, pause/resume/stop, the measured
 * throughput, and exports: the metrics (CSV, JSON) and the run's
 * configuration as an `optlab train` YAML file that reproduces it.
 */
import { charts, train } from 'optlab/core';
import { stringify } from 'yaml';
import { draw } from '../chart.js';
import { download, field, h, numberInput, select } from '../dom.js';
import { PAUSE, RUN, STOP, type TrainEvent } from '../engine/training.js';
import { digitsUrl, Engine } from '../engine.js';
import { type Page, setParams } from '../route.js';

interface Form {
  optimizer: string;
  lr: number;
  weightDecay: number;
  init: string;
  activation: string;
  hidden: string;
  batchNorm: string;
  dropout: number;
  batchSize: number;
  epochs: number;
  validation: number;
  seed: number;
}

const DEFAULT_FORM: Form = {
  optimizer: 'adam',
  lr: 0.001,
  weightDecay: 0,
  init: 'he-normal',
  activation: 'relu',
  hidden: '100',
  batchNorm: 'off',
  dropout: 0,
  batchSize: 100,
  epochs: 3,
  validation: 0.1,
  seed: 0,
};

const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];
const INITS: [string, string][] = [
  ['he-normal', 'He normal'],
  ['glorot-uniform', 'Glorot (Xavier) uniform'],
  ['dlfs-he', 'DLFS He N(0, 2/n)'],
  ['dlfs-xavier', 'DLFS Xavier N(0, 1/n)'],
  ['lecun-normal', 'LeCun normal'],
  ['orthogonal', 'orthogonal'],
  ['0.01', 'N(0, 0.01²)'],
  ['1', 'N(0, 1)'],
];

function formFromParams(q: URLSearchParams): Form {
  const f = { ...DEFAULT_FORM };
  for (const k of Object.keys(f) as (keyof Form)[]) {
    const v = q.get(k);
    if (v === null) continue;
    if (typeof f[k] === 'number') {
      const n = Number(v);
      if (Number.isFinite(n)) (f as unknown as Record<string, number>)[k] = n;
    } else (f as unknown as Record<string, string>)[k] = v;
  }
  return f;
}

/** The `optlab train` configuration of the form (validated by the library's schema). */
export function configOf(f: Form): train.TrainConfig {
  const hidden = f.hidden
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const init = /^[0-9.e-]+$/i.test(f.init) ? Number(f.init) : f.init;
  const opt: Record<string, unknown> = { name: f.optimizer, lr: f.lr };
  if (f.weightDecay > 0 || f.optimizer === 'adamw') opt.weightDecay = f.weightDecay;
  return train.trainConfigSchema.parse({
    data: 'mnist',
    validation: f.validation,
    model: {
      hidden,
      activation: f.activation,
      init,
      batchNorm: f.batchNorm === 'off' ? false : f.batchNorm,
      dropout: f.dropout,
      dtype: 'float32',
    },
    optimizer: opt,
    batchSize: f.batchSize,
    epochs: f.epochs,
    seed: f.seed,
  });
}

interface Run {
  n: number;
  name: string;
  config: train.TrainConfig;
  engine: Engine;
  control: Int32Array | null;
  steps: { step: number[]; loss: number[]; accuracy: number[] };
  epochs: train.EpochInfo[];
  state: 'loading' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';
  info: Partial<Extract<TrainEvent, { kind: 'start' }>>;
  rate: number;
  test: { loss: number; accuracy: number } | null;
  error: string;
  card: HTMLElement;
}

const runs: Run[] = [];
let counter = 0;

function csvOf(r: Run): string {
  const head = 'epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,seconds';
  const rows = r.epochs.map((e) =>
    [e.epoch, e.step, e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.seconds].join(','),
  );
  return `${[head, ...rows].join('\n')}\n`;
}

function yamlOf(r: Run): string {
  return `# optlab train --config ${r.name}.yaml   (run ${r.n} of the lab's training dashboard)\n${stringify(r.config)}`;
}

export const dashboardPage: Page = {
  id: 'dashboard',
  title: 'Training dashboard',
  mount(root, params) {
    let form = formFromParams(params);
    const formEl = h('form', {
      class: 'controls',
      'aria-label': 'Training settings',
      onsubmit: (e: Event) => {
        e.preventDefault();
        start();
      },
    });
    const runsEl = h('div', { class: 'runs', 'aria-label': 'Runs', role: 'list' });
    const lossEl = h('div', { class: 'chart', 'data-testid': 'loss-chart' });
    const accEl = h('div', { class: 'chart', 'data-testid': 'accuracy-chart' });
    const batchAccEl = h('div', { class: 'chart', 'data-testid': 'batch-accuracy-chart' });
    const message = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const isolated = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated;
    let dirty = true;

    const save = () =>
      setParams(
        'dashboard',
        new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])),
      );
    const set =
      <K extends keyof Form>(k: K) =>
      (v: Form[K]) => {
        form = { ...form, [k]: v };
        save();
      };

    const buildForm = () => {
      formEl.replaceChildren(
        field(
          'Optimizer',
          select(
            OPTIMIZERS.map((o) => [o, o]),
            form.optimizer,
            set('optimizer'),
          ),
        ),
        field('Learning rate', numberInput(form.lr, { min: 0, step: 'any' }, set('lr'))),
        field(
          'Weight decay λ',
          numberInput(form.weightDecay, { min: 0, step: 'any' }, set('weightDecay')),
          'L2 (decoupled for adamw)',
        ),
        field('Initialisation', select(INITS, form.init, set('init'))),
        field(
          'Activation',
          select(
            [
              ['relu', 'ReLU'],
              ['sigmoid', 'sigmoid'],
              ['tanh', 'tanh'],
              ['leaky-relu', 'leaky ReLU'],
              ['softplus', 'softplus'],
            ],
            form.activation,
            set('activation'),
          ),
        ),
        field(
          'Hidden layers',
          h('input', {
            type: 'text',
            value: form.hidden,
            inputmode: 'numeric',
            onchange: (e: Event) => set('hidden')((e.target as HTMLInputElement).value),
          }),
          'sizes, e.g. 100,100',
        ),
        field(
          'Batch normalisation',
          select(
            [
              ['off', 'off'],
              ['before', 'before the activation'],
              ['after', 'after the activation'],
            ],
            form.batchNorm,
            set('batchNorm'),
          ),
        ),
        field(
          'Dropout',
          numberInput(form.dropout, { min: 0, max: 0.99, step: 0.05 }, set('dropout')),
        ),
        field('Batch size', numberInput(form.batchSize, { min: 1, step: 1 }, set('batchSize'))),
        field('Epochs', numberInput(form.epochs, { min: 1, step: 1 }, set('epochs'))),
        field(
          'Validation share',
          numberInput(form.validation, { min: 0, max: 0.9, step: 0.05 }, set('validation')),
        ),
        field('Seed', numberInput(form.seed, { step: 1 }, set('seed'))),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'submit', 'data-testid': 'start' }, 'Start run'),
        ),
        h(
          'p',
          { class: 'hint' },
          '8,000 training and 2,000 test digits (the CLI’s built-in ',
          h('code', {}, 'mnist'),
          '); the validation share is held out of the training digits.',
        ),
      );
    };

    /**
     * The card of a run: its elements are built once and then updated in place,
     * so its buttons keep their identity (and the keyboard focus) while the run
     * reports progress many times a second.
     */
    const cards = new WeakMap<Run, ReturnType<typeof buildCard>>();
    const buildCard = (r: Run) => {
      const btn = (label: string, on: () => void, testid: string) =>
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: on, 'data-testid': testid },
          label,
        );
      const dd = (attrs: Record<string, string> = {}) => h('dd', attrs, '–');
      const parts = {
        state: dd({ 'data-testid': `state-${r.n}` }),
        progress: dd(),
        val: dd(),
        test: dd({ 'data-testid': `test-accuracy-${r.n}`, 'data-value': '' }),
        rate: dd({ 'data-testid': `throughput-${r.n}`, 'data-value': '0' }),
        engine: dd(),
        error: h('p', { class: 'error' }, ''),
        pause: btn(
          'Pause',
          () => {
            if (!r.control) return;
            Atomics.store(r.control, 0, r.state === 'paused' ? RUN : PAUSE);
            Atomics.notify(r.control, 0);
          },
          `pause-${r.n}`,
        ),
        stop: btn('Stop', () => stop(r), `stop-${r.n}`),
        csv: btn('CSV', () => download(`${r.name}-epochs.csv`, csvOf(r), 'text/csv'), `csv-${r.n}`),
        json: btn(
          'JSON',
          () =>
            download(
              `${r.name}.json`,
              JSON.stringify(
                { config: r.config, epochs: r.epochs, steps: r.steps, test: r.test },
                null,
                1,
              ),
              'application/json',
            ),
          `json-${r.n}`,
        ),
        yaml: btn('YAML', () => download(`${r.name}.yaml`, yamlOf(r), 'text/yaml'), `yaml-${r.n}`),
      };
      r.card.replaceChildren(
        h(
          'h3',
          {},
          h('span', { class: 'swatch', style: `background:${charts.PALETTE[(r.n - 1) % 10]}` }),
          `${r.name}`,
        ),
        h(
          'p',
          { class: 'hint' },
          `${r.config.optimizer.name} lr ${(r.config.optimizer as { lr?: number }).lr}, ${[784, ...r.config.model.hidden, 10].join('-')} ${r.config.model.activation}, ${typeof r.config.model.init === 'string' ? r.config.model.init : JSON.stringify(r.config.model.init)}${r.config.model.batchNorm ? `, batch norm ${r.config.model.batchNorm}` : ''}${r.config.model.dropout ? `, dropout ${r.config.model.dropout}` : ''}`,
        ),
        h(
          'dl',
          {},
          h('dt', {}, 'state'),
          parts.state,
          h('dt', {}, 'progress'),
          parts.progress,
          h('dt', {}, 'val accuracy'),
          parts.val,
          h('dt', {}, 'test accuracy'),
          parts.test,
          h('dt', {}, 'throughput'),
          parts.rate,
          h('dt', {}, 'engine'),
          parts.engine,
        ),
        parts.error,
        h('div', { class: 'row' }, parts.pause, parts.stop, parts.csv, parts.json, parts.yaml),
        h(
          'details',
          {},
          h('summary', {}, 'configuration for optlab train'),
          h('pre', { 'data-testid': `yaml-text-${r.n}` }, yamlOf(r)),
        ),
      );
      cards.set(r, parts);
      return parts;
    };

    const renderCard = (r: Run) => {
      const pct = (v: number | undefined) =>
        v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(2)}%`;
      const p = cards.get(r) ?? buildCard(r);
      const set = (el: HTMLElement, text: string) => {
        if (el.textContent !== text) el.textContent = text;
      };
      const last = r.epochs[r.epochs.length - 1];
      const total = r.info.totalSteps ?? 0;
      const done = r.steps.step[r.steps.step.length - 1] ?? 0;
      const live = r.state === 'running' || r.state === 'paused' || r.state === 'loading';
      set(p.state, r.state);
      set(p.progress, total ? `step ${done} of ${total}` : '–');
      set(p.val, pct(last?.valAccuracy));
      set(p.test, r.test ? pct(r.test.accuracy) : '–');
      p.test.dataset.value = r.test ? String(r.test.accuracy) : '';
      set(p.rate, r.rate ? `${Math.round(r.rate).toLocaleString('en')} samples/s` : '–');
      p.rate.dataset.value = String(r.rate);
      set(
        p.engine,
        r.info.backend
          ? `${r.info.backend}, ${r.info.parameters?.toLocaleString('en')} parameters`
          : '–',
      );
      set(p.error, r.error);
      p.error.hidden = !r.error;
      set(p.pause, r.state === 'paused' ? 'Resume' : 'Pause');
      p.pause.disabled = !(isolated && (r.state === 'running' || r.state === 'paused'));
      p.stop.disabled = !live;
      p.csv.disabled = r.epochs.length === 0;
      p.json.disabled = r.epochs.length === 0;
    };

    const stop = (r: Run) => {
      if (r.control) {
        Atomics.store(r.control, 0, STOP);
        Atomics.notify(r.control, 0);
        r.state = 'stopping';
      } else {
        r.engine.terminate();
        r.state = 'stopped';
      }
      renderCard(r);
    };

    const drawCharts = async () => {
      if (!dirty) return;
      dirty = false;
      const withSteps = runs.filter((r) => r.steps.step.length > 1);
      if (withSteps.length > 0)
        await draw(
          lossEl,
          charts.lineChartSpec({
            title: 'Training loss per update (minibatch, smoothed)',
            series: withSteps.map((r) => ({ name: r.name, x: r.steps.step, y: r.steps.loss })),
            xTitle: 'update',
            yTitle: 'loss',
            logY: true,
            smoothing: 0.9,
            legend: 'right',
          }),
          'Training loss per update of each run',
        );
      if (withSteps.length > 0)
        await draw(
          batchAccEl,
          charts.lineChartSpec({
            title: 'Training accuracy per update (minibatch, smoothed)',
            series: withSteps.map((r) => ({ name: r.name, x: r.steps.step, y: r.steps.accuracy })),
            xTitle: 'update',
            yTitle: 'accuracy',
            smoothing: 0.9,
            legend: 'right',
          }),
          'Minibatch accuracy per update of each run',
        );
      const withEpochs = runs.filter((r) => r.epochs.length > 0 && r.config.validation > 0);
      if (withEpochs.length > 0)
        await draw(
          accEl,
          charts.lineChartSpec({
            title: 'Validation accuracy per epoch',
            series: withEpochs.map((r) => ({
              name: r.name,
              x: r.epochs.map((e) => e.epoch),
              y: r.epochs.map((e) => e.valAccuracy ?? Number.NaN),
            })),
            xTitle: 'epoch',
            yTitle: 'accuracy',
            points: true,
            legend: 'right',
          }),
          'Validation accuracy per epoch of each run',
        );
    };
    const timer = setInterval(() => void drawCharts(), 600);

    const start = () => {
      let config: train.TrainConfig;
      try {
        config = configOf(form);
      } catch (e) {
        message.textContent = `settings: ${(e as Error).message.split('\n')[0]}`;
        return;
      }
      message.textContent = '';
      const n = ++counter;
      const control = isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
      const r: Run = {
        n,
        name: `run-${n}`,
        config,
        engine: new Engine(),
        control,
        steps: { step: [], loss: [], accuracy: [] },
        epochs: [],
        state: 'loading',
        info: {},
        rate: 0,
        test: null,
        error: '',
        card: h('article', { class: 'card', role: 'listitem', 'data-testid': `run-${n}` }),
      };
      runs.push(r);
      runsEl.append(r.card);
      renderCard(r);
      r.engine
        .call(
          'train',
          {
            config,
            digitsUrl: digitsUrl(),
            ...(control ? { control: control.buffer as SharedArrayBuffer } : {}),
          },
          (e: TrainEvent) => {
            switch (e.kind) {
              case 'start':
                r.info = e;
                r.state = 'running';
                break;
              case 'steps':
                r.steps.step.push(...e.step);
                r.steps.loss.push(...e.loss);
                r.steps.accuracy.push(...e.accuracy);
                r.rate = e.samplesPerSecond;
                break;
              case 'epoch':
                r.epochs.push(e.info);
                break;
              case 'paused':
                r.state = 'paused';
                break;
              case 'resumed':
                r.state = 'running';
                break;
              case 'done':
                r.test = { loss: e.testLoss, accuracy: e.testAccuracy };
                r.rate = e.samplesPerSecond;
                r.state = e.reason === 'callback' ? 'stopped' : 'done';
                break;
            }
            dirty = true;
            renderCard(r);
          },
        )
        .then(
          () => r.engine.terminate(),
          (err: Error) => {
            if (r.state !== 'stopped') {
              r.state = 'failed';
              r.error = err.message;
            }
            renderCard(r);
          },
        );
    };

    buildForm();
    root.append(
      h('h1', {}, 'Training dashboard'),
      h(
        'p',
        { class: 'lead' },
        'Train multilayer perceptrons on the built-in digits in this page — the library’s own training loop in a worker — and compare runs side by side: optimizers (DLFS fig 6-9), initialisation (6-15), batch normalisation (6-19), weight decay (6-21), dropout (6-23).',
      ),
      h(
        'div',
        { class: 'layout' },
        formEl,
        h(
          'section',
          { 'aria-label': 'Runs and curves' },
          message,
          runsEl,
          h('div', { class: 'charts' }, lossEl, batchAccEl, accEl),
        ),
      ),
    );
    for (const r of runs) runsEl.append(r.card);
    dirty = true;
    void drawCharts();
    return () => clearInterval(timer);
  },
};
