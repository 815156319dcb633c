/**
 * Optimizer playground (DLFS figs 6-3 – 6-8; Deep Learning §8.3–8.6): a filled
 * contour map of a 2-D problem, a race of optimizers from a start chosen by a
 * click (or typed), animated paths, the loss per step, and every setting in
 * the URL. Each path's final point is in an element
 * `data-testid="final-<optimizer>"` (full precision), for tests and for
 * comparing with `optlab trace`.
 */
import { charts } from 'optlab/core';
import { draw } from '../chart.js';
import { field, fmt, h, logSlider, numberInput, select, slider } from '../dom.js';
import type { RaceEntry, RacePath, SolverMethod } from '../engine/race.js';
import { Engine } from '../engine.js';
import { PROBLEMS, type ProblemId } from '../problems.js';
import { type Page, setParams } from '../route.js';
import { ContourCanvas } from './contourCanvas.js';

export const FIRST_ORDER = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adadelta',
  'adam',
  'adamw',
  'nadam',
  'radam',
  'adamax',
  'lion',
  'delta-bar-delta',
] as const;
export const SOLVERS: SolverMethod[] = ['newton', 'cg', 'bfgs', 'lbfgs', 'newton-cg'];
const SOLVER_LABEL: Record<SolverMethod, string> = {
  newton: 'Newton',
  cg: 'conjugate gradient',
  bfgs: 'BFGS',
  lbfgs: 'L-BFGS',
  'newton-cg': 'Newton-CG',
};

export interface PlaygroundState {
  problem: ProblemId;
  x0: [number, number];
  steps: number;
  /** Selected first-order optimizers with their learning rates. */
  optimizers: { name: string; lr: number }[];
  solvers: SolverMethod[];
  momentum: number;
  b1: number;
  b2: number;
  eps: number;
  rho: number;
  clip: number;
}

const DEFAULT_SET = ['sgd', 'momentum', 'adagrad', 'adam'];

function defaults(problem: ProblemId): PlaygroundState {
  const p = PROBLEMS[problem];
  return {
    problem,
    x0: [...p.start],
    steps: p.steps,
    optimizers: DEFAULT_SET.map((name) => ({ name, lr: p.lr[name] ?? 0.01 })),
    solvers: [],
    momentum: 0.9,
    b1: 0.9,
    b2: 0.999,
    eps: 1e-8,
    rho: 0.9,
    clip: 0,
  };
}

/** Reads the state from the route's query (unknown or bad values fall back to defaults). */
export function parseState(q: URLSearchParams): PlaygroundState {
  const pid = q.get('p');
  const problem: ProblemId = pid && pid in PROBLEMS ? (pid as ProblemId) : 'bowl';
  const s = defaults(problem);
  const num = (k: string, lo: number, hi: number) => {
    const v = Number(q.get(k));
    return q.has(k) && Number.isFinite(v) && v >= lo && v <= hi ? v : null;
  };
  const x0 = q.get('x0')?.split(',').map(Number);
  if (x0?.length === 2 && x0.every(Number.isFinite)) s.x0 = [x0[0]!, x0[1]!];
  s.steps = num('n', 1, 5000) ?? s.steps;
  if (q.has('o')) {
    s.optimizers = (q.get('o') ?? '')
      .split(',')
      .filter(Boolean)
      .map((t) => {
        const [name, lr] = t.split(':');
        return { name: name!, lr: Number(lr) };
      })
      .filter(
        (o) =>
          (FIRST_ORDER as readonly string[]).includes(o.name) && o.lr > 0 && Number.isFinite(o.lr),
      );
  }
  if (q.has('s'))
    s.solvers = (q.get('s') ?? '')
      .split(',')
      .filter((m): m is SolverMethod => SOLVERS.includes(m as SolverMethod));
  s.momentum = num('mu', 0, 1) ?? s.momentum;
  s.b1 = num('b1', 0, 0.9999) ?? s.b1;
  s.b2 = num('b2', 0, 0.99999) ?? s.b2;
  s.eps = num('eps', 0, 1) ?? s.eps;
  s.rho = num('rho', 0, 0.9999) ?? s.rho;
  s.clip = num('clip', 0, 1e6) ?? s.clip;
  return s;
}

export function stateParams(s: PlaygroundState): URLSearchParams {
  return new URLSearchParams({
    p: s.problem,
    x0: s.x0.join(','),
    n: String(s.steps),
    o: s.optimizers.map((o) => `${o.name}:${o.lr}`).join(','),
    s: s.solvers.join(','),
    mu: String(s.momentum),
    b1: String(s.b1),
    b2: String(s.b2),
    eps: String(s.eps),
    rho: String(s.rho),
    clip: String(s.clip),
  });
}

/** The `optlab trace` optimizer spec of a selected optimizer under the shared settings. */
export function optimizerSpec(
  name: string,
  lr: number,
  s: PlaygroundState,
): Record<string, unknown> & { name: string } {
  switch (name) {
    case 'momentum':
    case 'nesterov':
      return { name, lr, momentum: s.momentum };
    case 'rmsprop':
    case 'adadelta':
      return { name, lr, decay: s.rho };
    case 'adam':
    case 'adamw':
    case 'nadam':
    case 'radam':
    case 'adamax':
      return { name, lr, b1: s.b1, b2: s.b2, eps: s.eps };
    case 'lion':
      return { name, lr, b1: s.b1 };
    case 'delta-bar-delta':
      return { name, lr, kappa: lr / 10, phi: 0.1, theta: 0.7 };
    default:
      return { name, lr };
  }
}

function entries(s: PlaygroundState): RaceEntry[] {
  return [
    ...s.optimizers.map((o) => ({ id: o.name, optimizer: optimizerSpec(o.name, o.lr, s) })),
    ...s.solvers.map((m) => ({ id: m, solver: m })),
  ];
}

let engine: Engine | null = null;

export const playgroundPage: Page = {
  id: 'playground',
  title: 'Optimizer playground',
  mount(root, params) {
    engine ??= new Engine();
    const eng = engine;
    let s = parseState(params);
    let paths: RacePath[] = [];
    let grid: { nx: number; ny: number; z: Float64Array } | null = null;
    let gridFor = '';
    let frame = 0;
    let upTo = 0;
    let raceNo = 0;
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    let animate = !reduced;

    const map = new ContourCanvas((x, y) => {
      s.x0 = [Number(x.toFixed(3)), Number(y.toFixed(3))];
      update();
    });
    map.canvas.setAttribute('role', 'img');
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const legend = h('table', { class: 'legend' });
    const lossEl = h('div', { class: 'chart', 'data-testid': 'loss-chart' });
    const controls = h('form', {
      class: 'controls',
      'aria-label': 'Playground settings',
      onsubmit: (e: Event) => e.preventDefault(),
    });
    const colors = charts.PALETTE;

    const colorOf = (id: string) => {
      const ids = entries(s).map((e) => e.id);
      return colors[ids.indexOf(id) % colors.length]!;
    };
    const label = (id: string) => SOLVER_LABEL[id as SolverMethod] ?? id;

    const redraw = () => {
      const p = PROBLEMS[s.problem];
      map.render({
        xRange: p.x,
        yRange: p.y,
        grid,
        logLevels: p.logLevels,
        start: s.x0,
        minimum: p.minimum,
        paths: paths
          .filter((r) => !r.error)
          .map((r) => ({ color: colorOf(r.id), label: r.id, x: r.x })),
        upTo,
      });
      map.canvas.setAttribute(
        'aria-label',
        `Contour map of ${p.label} with ${paths.length} optimizer paths from (${s.x0.join(', ')})`,
      );
    };

    const fillLegend = () => {
      legend.replaceChildren(
        h('caption', {}, 'Final points'),
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'method'),
          h('th', { scope: 'col' }, 'steps'),
          h('th', { scope: 'col' }, 'final f'),
          h('th', { scope: 'col' }, 'final (x, y)'),
        ),
      );
      for (const r of paths) {
        const last = r.x[r.x.length - 1]!;
        legend.append(
          h(
            'tr',
            {},
            h(
              'td',
              {},
              h('span', { class: 'swatch', style: `background:${colorOf(r.id)}` }),
              label(r.id),
            ),
            h(
              'td',
              r.message ? { title: r.message } : {},
              String(r.x.length - 1),
              r.message && r.x.length - 1 < s.steps
                ? h('small', { class: 'note' }, ` (${r.message})`)
                : null,
            ),
            h('td', {}, r.error ? 'error' : fmt(r.f[r.f.length - 1]!)),
            h(
              'td',
              {},
              r.error
                ? h('span', { class: 'error' }, r.error)
                : h(
                    'output',
                    {
                      'data-testid': `final-${r.id}`,
                      'data-x': String(last[0]),
                      'data-y': String(last[1]),
                    },
                    `${last[0]}, ${last[1]}`,
                  ),
            ),
          ),
        );
      }
    };

    const drawLoss = () => {
      const series = paths
        .filter((r) => !r.error)
        .map((r) => ({ name: label(r.id), x: r.f.map((_, k) => k), y: r.f }));
      if (series.length === 0) {
        lossEl.replaceChildren();
        return;
      }
      const positive = series.every((t) => t.y.every((v) => v > 0 || !Number.isFinite(v)));
      void draw(
        lossEl,
        charts.lineChartSpec({
          title: `f per step on ${PROBLEMS[s.problem].label}`,
          series,
          xTitle: 'step',
          yTitle: 'f(x, y)',
          logY: positive,
          legend: 'right',
        }),
        'Loss per step of each optimizer',
      );
    };

    const play = () => {
      cancelAnimationFrame(frame);
      const n = Math.max(0, ...paths.map((r) => r.x.length - 1));
      if (!animate || n === 0) {
        upTo = n;
        redraw();
        return;
      }
      const t0 = performance.now();
      const dur = Math.min(2500, 400 + 25 * n);
      const tick = () => {
        upTo = Math.round(Math.min(1, (performance.now() - t0) / dur) * n);
        redraw();
        if (upTo < n) frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    };

    const run = async () => {
      const my = ++raceNo;
      const p = PROBLEMS[s.problem];
      status.textContent = 'running…';
      const key = `${s.problem}`;
      if (key !== gridFor) {
        const nx = 160;
        const ny = Math.round((160 * (p.y[1] - p.y[0])) / (p.x[1] - p.x[0]));
        const z = await eng.call<Float64Array>('surface', {
          problem: s.problem,
          x: p.x,
          y: p.y,
          nx,
          ny: Math.max(60, Math.min(200, ny)),
        });
        grid = { nx, ny: Math.max(60, Math.min(200, ny)), z };
        gridFor = key;
      }
      const t0 = performance.now();
      const res = await eng.call<RacePath[]>('race', {
        problem: s.problem,
        x0: s.x0,
        steps: s.steps,
        clip: s.clip,
        entries: entries(s),
      });
      if (my !== raceNo) return;
      paths = res;
      status.textContent = `${res.length} methods, ${s.steps} steps each, in ${Math.round(performance.now() - t0)} ms`;
      status.dataset.done = String(my);
      fillLegend();
      drawLoss();
      play();
    };

    const update = () => {
      setParams('playground', stateParams(s));
      build();
      void run();
    };

    const build = () => {
      const p = PROBLEMS[s.problem];
      const rows = FIRST_ORDER.map((name) => {
        const sel = s.optimizers.find((o) => o.name === name);
        const lr = sel?.lr ?? p.lr[name] ?? 0.01;
        const box = h('input', {
          type: 'checkbox',
          checked: Boolean(sel),
          onchange: () => {
            if (box.checked) s.optimizers.push({ name, lr });
            else s.optimizers = s.optimizers.filter((o) => o.name !== name);
            s.optimizers.sort(
              (a, b) => FIRST_ORDER.indexOf(a.name as never) - FIRST_ORDER.indexOf(b.name as never),
            );
            update();
          },
        });
        box.id = `opt-${name}`;
        const lrSlider = logSlider(
          lr,
          1e-4,
          10,
          () => {},
          (v) => {
            const o = s.optimizers.find((x) => x.name === name);
            if (o) {
              o.lr = v;
              update();
            } else p.lr[name] = v;
          },
        );
        lrSlider.querySelector('input')!.setAttribute('aria-label', `learning rate of ${name}`);
        return h(
          'div',
          { class: 'opt-row' },
          h('span', {}, box, h('label', { for: box.id }, name)),
          lrSlider,
        );
      });
      const solverBoxes = SOLVERS.map((m) => {
        const box = h('input', {
          type: 'checkbox',
          id: `sol-${m}`,
          checked: s.solvers.includes(m),
          onchange: () => {
            s.solvers = box.checked ? [...s.solvers, m] : s.solvers.filter((x) => x !== m);
            s.solvers.sort((a, b) => SOLVERS.indexOf(a) - SOLVERS.indexOf(b));
            update();
          },
        });
        return h('span', { class: 'check' }, box, h('label', { for: `sol-${m}` }, SOLVER_LABEL[m]));
      });
      const set = (k: 'momentum' | 'b1' | 'b2' | 'eps' | 'rho' | 'clip') => (v: number) => {
        s[k] = v;
        update();
      };
      const x0x = numberInput(s.x0[0], { step: 'any' }, (v) => {
        s.x0 = [v, s.x0[1]];
        update();
      });
      const x0y = numberInput(s.x0[1], { step: 'any' }, (v) => {
        s.x0 = [s.x0[0], v];
        update();
      });
      const anim = h('input', {
        type: 'checkbox',
        id: 'pg-animate',
        checked: animate,
        onchange: () => {
          animate = anim.checked;
        },
      });
      controls.replaceChildren(
        field(
          'Problem',
          select(
            Object.entries(PROBLEMS).map(([k, v]) => [k, v.label]),
            s.problem,
            (v) => {
              s = {
                ...defaults(v as ProblemId),
                optimizers: s.optimizers.map((o) => ({
                  name: o.name,
                  lr: PROBLEMS[v as ProblemId].lr[o.name] ?? o.lr,
                })),
                solvers: s.solvers,
              };
              update();
            },
          ),
          p.book,
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Start (or click the map)'),
          field('x₀', x0x),
          field('y₀', x0y),
        ),
        field(
          'Steps',
          numberInput(s.steps, { min: 1, max: 5000, step: 1 }, (v) => {
            s.steps = Math.max(1, Math.min(5000, Math.round(v)));
            update();
          }),
        ),
        h(
          'fieldset',
          { class: 'optimizers' },
          h('legend', {}, 'First-order methods and learning rates'),
          ...rows,
        ),
        h('fieldset', {}, h('legend', {}, 'Second-order and full-batch methods'), ...solverBoxes),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Shared settings'),
          field(
            'momentum μ',
            slider(s.momentum, 0, 0.99, 0.01, () => {}, set('momentum')),
          ),
          field(
            'β₁ (Adam family, Lion)',
            slider(s.b1, 0, 0.99, 0.01, () => {}, set('b1')),
          ),
          field(
            'β₂ (Adam family)',
            slider(s.b2, 0.9, 0.9999, 0.0001, () => {}, set('b2')),
          ),
          field(
            'ε (Adam family)',
            logSlider(s.eps, 1e-10, 1, () => {}, set('eps')),
          ),
          field(
            'ρ decay (RMSProp, AdaDelta)',
            slider(s.rho, 0, 0.999, 0.001, () => {}, set('rho')),
          ),
          field('clip ‖g‖ (0: off)', numberInput(s.clip, { min: 0, step: 'any' }, set('clip'))),
        ),
        h(
          'div',
          { class: 'row' },
          h('span', { class: 'check' }, anim, h('label', { for: 'pg-animate' }, 'animate paths')),
          h('button', { type: 'button', onclick: play }, 'Replay'),
        ),
        h(
          'p',
          { class: 'hint' },
          'Replay on the command line: ',
          h('code', {}, 'optlab trace'),
          ' with the same problem, start, optimizer and steps gives the same iterates.',
        ),
      );
    };

    build();
    root.append(
      h('h1', {}, 'Optimizer playground'),
      h(
        'div',
        { class: 'layout results-first' },
        controls,
        h(
          'section',
          { class: 'results', 'aria-label': 'Race' },
          map.canvas,
          status,
          legend,
          lossEl,
        ),
      ),
    );
    const onResize = () => redraw();
    window.addEventListener('resize', onResize);
    void run();
    playgroundPage.onRouteChange = (q) => {
      s = parseState(q);
      build();
      void run();
    };
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', onResize);
      raceNo++;
    };
  },
};
