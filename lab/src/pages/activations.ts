/**
 * Initialisation and activations (DLFS §6.2, figs 6-10 – 6-14): histograms of
 * each layer's activations in a deep net at initialisation, redrawn as the
 * weight scale and the nonlinearity change. The state is in the URL.
 */
import { charts } from 'optlab/core';
import { draw } from '../chart.js';
import { field, fmt, h, logSlider, select } from '../dom.js';
import type { Act, InitKind, LayerActivations } from '../engine/activations.js';
import { Engine } from '../engine.js';
import { type Page, setParams } from '../route.js';

interface State {
  activation: Act;
  init: InitKind;
  std: number;
  layers: number;
  seed: number;
}

const RANGE: Record<Act, [number, number]> = { sigmoid: [0, 1], tanh: [-1, 1], relu: [0, 3] };

function parse(q: URLSearchParams): State {
  const a = q.get('act');
  const i = q.get('init');
  const std = Number(q.get('std'));
  const layers = Number(q.get('layers'));
  return {
    activation: a === 'tanh' || a === 'relu' ? a : 'sigmoid',
    init: i === 'xavier' || i === 'he' ? i : 'std',
    std: q.has('std') && std > 0 && std <= 100 ? std : 1,
    layers: Number.isInteger(layers) && layers >= 1 && layers <= 10 ? layers : 5,
    seed: Number.isInteger(Number(q.get('seed'))) ? Number(q.get('seed')) : 0,
  };
}

let engine: Engine | null = null;

export const activationsPage: Page = {
  id: 'activations',
  title: 'Initialisation & activations',
  mount(root, params) {
    engine ??= new Engine();
    const eng = engine;
    let s = parse(params);
    let no = 0;
    const controls = h('form', {
      class: 'controls',
      'aria-label': 'Network settings',
      onsubmit: (e: Event) => e.preventDefault(),
    });
    const chart = h('div', { class: 'chart', 'data-testid': 'histograms' });
    const table = h('table', { class: 'legend' });
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

    const run = async () => {
      const my = ++no;
      setParams(
        'activations',
        new URLSearchParams({
          act: s.activation,
          init: s.init,
          std: String(s.std),
          layers: String(s.layers),
          seed: String(s.seed),
        }),
      );
      const t0 = performance.now();
      const res = await eng.call<LayerActivations[]>('activations', {
        activation: s.activation,
        init: s.init,
        std: s.std,
        layers: s.layers,
        units: 100,
        rows: 1000,
        seed: s.seed,
      });
      if (my !== no) return;
      const initLabel =
        s.init === 'std'
          ? `N(0, ${s.std}²)`
          : s.init === 'xavier'
            ? 'Xavier N(0, 1/n)'
            : 'He N(0, 2/n)';
      await draw(
        chart,
        charts.histogramGridSpec({
          title: `${s.activation} activations, weights ${initLabel}`,
          subtitle: `1000 N(0, 1) inputs through ${s.layers} layers of 100 units${s.activation === 'relu' ? ' (exact zeros left out)' : ''}`,
          panels: res.map((l, k) => ({ column: `layer ${k + 1}`, values: l.values })),
          range: RANGE[s.activation],
          binCount: 30,
          xTitle: 'activation',
          yTitle: 'count',
          width: 130,
          height: 150,
        }),
        'Histograms of each layer’s activations',
      );
      table.replaceChildren(
        h('caption', {}, 'Per layer'),
        h('tr', {}, ...['layer', 'mean', 'sd', 'zeros'].map((t) => h('th', { scope: 'col' }, t))),
        ...res.map((l, k) =>
          h(
            'tr',
            {},
            h('td', {}, String(k + 1)),
            h('td', {}, fmt(l.mean)),
            h('td', { 'data-testid': `sd-${k + 1}` }, fmt(l.sd)),
            h('td', {}, `${(100 * l.zeros).toFixed(1)}%`),
          ),
        ),
      );
      status.textContent = `computed in ${Math.round(performance.now() - t0)} ms`;
      status.dataset.done = String(my);
    };

    const build = () => {
      const std = logSlider(
        s.std,
        0.001,
        10,
        () => {},
        (v) => {
          s = { ...s, std: v, init: 'std' };
          build();
          void run();
        },
      );
      std.querySelector('input')!.disabled = s.init !== 'std';
      controls.replaceChildren(
        field(
          'Activation',
          select(
            [
              ['sigmoid', 'sigmoid'],
              ['tanh', 'tanh'],
              ['relu', 'ReLU'],
            ],
            s.activation,
            (v) => {
              s = { ...s, activation: v as Act };
              void run();
            },
          ),
        ),
        field(
          'Weights',
          select(
            [
              ['std', 'N(0, std²)'],
              ['xavier', 'Xavier N(0, 1/n)'],
              ['he', 'He N(0, 2/n)'],
            ],
            s.init,
            (v) => {
              s = { ...s, init: v as InitKind };
              build();
              void run();
            },
          ),
        ),
        field('std (for N(0, std²))', std, 'DLFS: 1 saturates sigmoid, 0.01 collapses it'),
        field(
          'Layers',
          select(
            [3, 5, 7, 10].map((n) => [String(n), String(n)]),
            String(s.layers),
            (v) => {
              s = { ...s, layers: Number(v) };
              void run();
            },
          ),
        ),
        field(
          'Seed',
          select(
            [0, 1, 2, 3].map((n) => [String(n), String(n)]),
            String(s.seed),
            (v) => {
              s = { ...s, seed: Number(v) };
              void run();
            },
          ),
        ),
      );
    };
    build();
    root.append(
      h('h1', {}, 'Initialisation and activations'),
      h(
        'p',
        { class: 'lead' },
        'DLFS figs 6-10 – 6-14: with std 1 sigmoid units saturate at 0 and 1 (vanishing gradients); with std 0.01 they all output 0.5 (no expressive power); Xavier keeps sigmoid and tanh spread, He keeps ReLU spread in every layer.',
      ),
      h(
        'div',
        { class: 'layout results-first' },
        controls,
        h('section', { 'aria-label': 'Histograms' }, chart, status, table),
      ),
    );
    void run();
    activationsPage.onRouteChange = (q) => {
      s = parse(q);
      build();
      void run();
    };
    return () => {
      no++;
    };
  },
};
