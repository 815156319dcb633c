/**
 * Curvature (Deep Learning §8.2): train a small MLP on the digits in a worker
 * and watch, on a fixed batch, the gradient norm and gᵀHg (fig 8.1), the
 * criterion ½ε²gᵀHg > εgᵀg of §8.2.1 (a step of the learning rate then raises
 * the cost), the Hessian's extreme eigenvalues by Lanczos (λmin < 0: negative
 * curvature), and at the end the loss along the line θ₀ → θ (fig 8.2).
 */
import { charts } from 'optlab/core';
import { draw } from '../chart.js';
import { field, fmt, h, logSlider, select } from '../dom.js';
import type { CurvatureEvent, CurvatureRow } from '../engine/curvature.js';
import { digitsUrl, Engine } from '../engine.js';
import { type Page, setParams } from '../route.js';

interface State {
  hidden: number;
  activation: string;
  lr: number;
  epochs: number;
  every: number;
}

function parse(q: URLSearchParams): State {
  const n = (k: string, ok: number[], d: number) =>
    ok.includes(Number(q.get(k))) ? Number(q.get(k)) : d;
  const lr = Number(q.get('lr'));
  const act = q.get('act');
  return {
    hidden: n('hidden', [16, 32, 64], 32),
    activation: act === 'relu' || act === 'sigmoid' ? act : 'tanh',
    lr: lr > 0 && lr <= 10 ? lr : 0.1,
    epochs: n('epochs', [1, 2, 3, 5], 2),
    every: n('every', [10, 20, 40], 20),
  };
}

export const curvaturePage: Page = {
  id: 'curvature',
  title: 'Curvature',
  mount(root, params) {
    let s = parse(params);
    let engine: Engine | null = null;
    let rows: CurvatureRow[] = [];
    let line: { alpha: number[]; loss: number[] } | null = null;
    let eps = s.lr;
    const controls = h('form', {
      class: 'controls',
      'aria-label': 'Curvature settings',
      onsubmit: (e: Event) => {
        e.preventDefault();
        start();
      },
    });
    const status = h('p', {
      class: 'status',
      role: 'status',
      'aria-live': 'polite',
      'data-testid': 'curvature-status',
    });
    const gEl = h('div', { class: 'chart', 'data-testid': 'gradient-chart' });
    const critEl = h('div', { class: 'chart' });
    const eigEl = h('div', { class: 'chart', 'data-testid': 'eigen-chart' });
    const lineEl = h('div', { class: 'chart', 'data-testid': 'line-chart' });
    const table = h('table', {});

    const save = () =>
      setParams(
        'curvature',
        new URLSearchParams({
          hidden: String(s.hidden),
          act: s.activation,
          lr: String(s.lr),
          epochs: String(s.epochs),
          every: String(s.every),
        }),
      );

    const redraw = async () => {
      if (rows.length > 1) {
        const x = rows.map((r) => r.step);
        await draw(
          gEl,
          charts.lineChartSpec({
            title: 'Gradient norm and curvature along it (fig 8.1)',
            series: [
              { name: '‖g‖', x, y: rows.map((r) => r.gradNorm) },
              { name: 'gᵀHg', x, y: rows.map((r) => r.gHg) },
            ],
            xTitle: 'update',
            yTitle: 'value',
            logY: true,
            points: true,
            legend: 'right',
          }),
          'Gradient norm and gᵀHg per update',
        );
        await draw(
          critEl,
          charts.lineChartSpec({
            title: `Second-order change of a step ε = ${fmt(eps)} (§8.2.1)`,
            subtitle: 'the step raises the cost when ½ε²gᵀHg > εgᵀg',
            series: [
              { name: 'εgᵀg', x, y: rows.map((r) => r.firstOrder) },
              { name: '½ε²gᵀHg', x, y: rows.map((r) => r.secondOrder) },
            ],
            xTitle: 'update',
            yTitle: 'value',
            logY: true,
            points: true,
            legend: 'right',
          }),
          'First- and second-order terms per update',
        );
        await draw(
          eigEl,
          charts.lineChartSpec({
            title: 'Extreme Hessian eigenvalues (Lanczos)',
            series: [
              { name: 'λmax', x, y: rows.map((r) => r.lambdaMax) },
              { name: 'λmin', x, y: rows.map((r) => r.lambdaMin) },
            ],
            xTitle: 'update',
            yTitle: 'eigenvalue',
            points: true,
            legend: 'right',
            hlines: [{ y: 0 }],
          }),
          'Largest and smallest Hessian eigenvalue per update',
        );
      }
      if (line)
        await draw(
          lineEl,
          charts.lineChartSpec({
            title: 'Loss along the line θ₀ → θ (fig 8.2)',
            subtitle: 'J((1 − α)θ₀ + αθ) on the fixed batch; α = 0 at the start, 1 at the end',
            series: [{ name: 'J', x: line.alpha, y: line.loss }],
            xTitle: 'α',
            yTitle: 'loss',
            logY: true,
          }),
          'Loss along the line from the initial to the final parameters',
        );
      table.replaceChildren(
        h('caption', {}, 'Measurements on a fixed batch of 256 training digits'),
        h(
          'tr',
          {},
          ...['update', 'J', '‖g‖', 'gᵀHg', 'εgᵀg', '½ε²gᵀHg', 'λmax', 'λmin'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
        ...rows.map((r) =>
          h(
            'tr',
            {},
            ...[
              r.step,
              r.loss,
              r.gradNorm,
              r.gHg,
              r.firstOrder,
              r.secondOrder,
              r.lambdaMax,
              r.lambdaMin,
            ].map((v) => h('td', {}, fmt(v))),
          ),
        ),
      );
    };

    const start = () => {
      engine?.terminate();
      engine = new Engine();
      rows = [];
      line = null;
      status.textContent = 'loading the digits…';
      delete status.dataset.done;
      const config = {
        data: 'mnist',
        validation: 0,
        model: {
          hidden: [s.hidden],
          activation: s.activation,
          init: 'glorot-uniform',
          dtype: 'float64',
        },
        optimizer: { name: 'sgd', lr: s.lr },
        batchSize: 100,
        epochs: s.epochs,
        seed: 0,
      };
      let total = 0;
      const t0 = performance.now();
      engine
        .call(
          'curvature',
          { config, digitsUrl: digitsUrl(), every: s.every },
          (e: CurvatureEvent) => {
            if (e.kind === 'start') {
              total = e.totalSteps;
              eps = e.eps;
            } else if (e.kind === 'row') rows.push(e.row);
            else line = e;
            status.textContent = `${e.kind === 'line' ? 'done' : `update ${rows[rows.length - 1]?.step ?? 0} of ${total}`} (${((performance.now() - t0) / 1000).toFixed(1)} s)`;
            void redraw();
          },
        )
        .then(
          () => {
            status.dataset.done = '1';
            engine?.terminate();
            engine = null;
          },
          (err: Error) => {
            if (err.message !== 'stopped') status.textContent = `failed: ${err.message}`;
          },
        );
    };

    const build = () => {
      const upd = (k: keyof State) => (v: string | number) => {
        s = { ...s, [k]: typeof s[k] === 'number' ? Number(v) : v };
        save();
      };
      controls.replaceChildren(
        field(
          'Hidden units',
          select(
            [16, 32, 64].map((n) => [String(n), String(n)]),
            String(s.hidden),
            upd('hidden'),
          ),
          '784-n-10 MLP, float64',
        ),
        field(
          'Activation',
          select(
            [
              ['tanh', 'tanh'],
              ['relu', 'ReLU'],
              ['sigmoid', 'sigmoid'],
            ],
            s.activation,
            upd('activation'),
          ),
        ),
        field(
          'Learning rate ε (SGD)',
          logSlider(s.lr, 0.001, 3, () => {}, upd('lr')),
        ),
        field(
          'Epochs',
          select(
            [1, 2, 3, 5].map((n) => [String(n), String(n)]),
            String(s.epochs),
            upd('epochs'),
          ),
        ),
        field(
          'Measure every',
          select(
            [10, 20, 40].map((n) => [String(n), `${n} updates`]),
            String(s.every),
            upd('every'),
          ),
          'each: 1 gradient and about 20 Hessian-vector products',
        ),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'submit', 'data-testid': 'curvature-start' }, 'Train and measure'),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                engine?.terminate();
                engine = null;
                status.textContent = 'stopped';
              },
            },
            'Stop',
          ),
        ),
      );
    };
    build();
    root.append(
      h('h1', {}, 'Curvature of a network being trained'),
      h(
        'p',
        { class: 'lead' },
        'Deep Learning §8.2: the gradient norm often does not shrink while training works, because the curvature gᵀHg grows (ill-conditioning, fig 8.1); Lanczos on exact Hessian-vector products gives the extreme eigenvalues; the loss along the straight line from θ₀ to the trained θ is often smooth (fig 8.2).',
      ),
      h(
        'div',
        { class: 'layout' },
        controls,
        h(
          'section',
          { 'aria-label': 'Curvature charts' },
          status,
          h('div', { class: 'charts' }, gEl, critEl, eigEl, lineEl),
          table,
        ),
      ),
    );
    save();
    return () => {
      engine?.terminate();
    };
  },
};
