/**
 * Reports and studies (read-only): the experiment reports under the server's
 * `--runs` folder (each `report.html` shown as written by `optlab run`), and
 * a tuning study's trials — from an exported JSON (`optlab tune` output) or an
 * SQLite study file read by the server, read-only — as a table, the value per
 * trial with the best so far, and parallel coordinates.
 */
import { charts } from 'optlab/core';
import { draw } from '../chart.js';
import { fmt, h } from '../dom.js';
import { type Page, setParams } from '../route.js';

interface RunEntry {
  path: string;
  report: boolean;
  results: boolean;
  figures: string[];
}
interface StudyFile {
  path: string;
  kind: 'sqlite' | 'json';
}
interface Trial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  value: number | null;
}

const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');

async function loadStudy(
  f: StudyFile,
): Promise<{ name: string; direction: string; trials: Trial[] }> {
  if (f.kind === 'sqlite') {
    const r = await fetch(`api/study?path=${encodeURIComponent(f.path)}`);
    if (!r.ok) throw new Error(`${f.path}: HTTP ${r.status}`);
    return (await r.json()) as { name: string; direction: string; trials: Trial[] };
  }
  const r = await fetch(`runs/${enc(f.path)}`);
  if (!r.ok) throw new Error(`${f.path}: HTTP ${r.status}`);
  const j = (await r.json()) as {
    trials?: { params: Record<string, unknown>; value: number }[];
    direction?: string;
  };
  if (!Array.isArray(j.trials)) throw new Error(`${f.path} has no trials`);
  return {
    name: f.path,
    direction: j.direction ?? 'minimize',
    trials: j.trials.map((t, k) => ({
      number: k,
      state: 'complete',
      params: t.params,
      value: t.value,
    })),
  };
}

/** Study charts: value per trial with the best so far, and parallel coordinates of the numeric parameters. */
async function drawStudy(
  el: HTMLElement,
  s: { name: string; direction: string; trials: Trial[] },
): Promise<void> {
  const done = s.trials.filter((t) => t.value !== null && Number.isFinite(t.value));
  const better = (a: number, b: number) => (s.direction === 'maximize' ? a > b : a < b);
  let best = Number.NaN;
  const bestSoFar = done.map((t) => {
    if (Number.isNaN(best) || better(t.value!, best)) best = t.value!;
    return best;
  });
  const hist = h('div', { class: 'chart', 'data-testid': 'study-history' });
  const par = h('div', { class: 'chart', 'data-testid': 'study-parallel' });
  const keys = [...new Set(done.flatMap((t) => Object.keys(t.params)))].filter((k) =>
    done.every((t) => typeof t.params[k] === 'number'),
  );
  const table = h(
    'table',
    {},
    h('caption', {}, `${s.trials.length} trials (${s.direction})`),
    h('tr', {}, ...['#', 'state', 'value', ...keys].map((k) => h('th', { scope: 'col' }, k))),
    ...s.trials.map((t) =>
      h(
        'tr',
        {},
        h('td', {}, String(t.number)),
        h('td', {}, t.state),
        h('td', {}, t.value === null ? '–' : fmt(t.value)),
        ...keys.map((k) => h('td', {}, fmt(t.params[k] as number))),
      ),
    ),
  );
  el.replaceChildren(h('div', { class: 'charts' }, hist, par), table);
  if (done.length === 0) return;
  const x = done.map((_, k) => k + 1);
  await draw(
    hist,
    charts.lineChartSpec({
      title: 'Value per trial and best so far',
      series: [
        { name: 'trial', x, y: done.map((t) => t.value!) },
        { name: 'best so far', x, y: bestSoFar },
      ],
      xTitle: 'trial (in the order finished)',
      yTitle: 'objective',
      points: true,
      legend: 'right',
    }),
    'Objective per trial and best so far',
  );
  if (keys.length < 2) return;
  // parallel coordinates: each parameter scaled to [0, 1] over the trials (log scale when positive and spanning > 100×)
  const scaled = keys.map((k) => {
    const v = done.map((t) => t.params[k] as number);
    const log = v.every((a) => a > 0) && Math.max(...v) / Math.min(...v) > 100;
    const w = log ? v.map(Math.log10) : v;
    const lo = Math.min(...w);
    const hi = Math.max(...w);
    return { k, log, values: w.map((a) => (hi > lo ? (a - lo) / (hi - lo) : 0.5)) };
  });
  const order = done
    .map((t, i) => ({ v: t.value!, i }))
    .sort((a, b) => (better(a.v, b.v) ? -1 : 1));
  const rank = new Map(order.map((o, r) => [o.i, r / Math.max(1, order.length - 1)]));
  const band = (q: number) => (q <= 0.1 ? 'best 10%' : q <= 0.5 ? 'next 40%' : 'worst 50%');
  await draw(
    par,
    charts.lineChartSpec({
      title: 'Parallel coordinates of the trials',
      subtitle: `axes: ${scaled.map((a, i) => `${i} = ${a.k}${a.log ? ' (log)' : ''}`).join(', ')}; each scaled to its range`,
      series: done.map((_, i) => ({
        name: `trial ${i}`,
        group: band(rank.get(i)!),
        x: scaled.map((_, j) => j),
        y: scaled.map((a) => a.values[i]!),
      })),
      xTitle: 'parameter axis',
      yTitle: 'scaled value',
      legend: 'right',
    }),
    'Parallel coordinates of the trials’ parameters',
  );
}

export const reportsPage: Page = {
  id: 'reports',
  title: 'Reports & studies',
  mount(root, params) {
    const list = h('nav', { class: 'controls', 'aria-label': 'Reports and studies' });
    const view = h('section', {
      'aria-label': 'Selected report or study',
      'data-testid': 'report-view',
    });
    let selected = params.get('run') ?? params.get('study') ?? '';

    const showRun = (r: RunEntry) => {
      setParams('reports', new URLSearchParams({ run: r.path }));
      selected = r.path;
      mark();
      if (r.report) {
        view.replaceChildren(
          h('h2', {}, r.path),
          h(
            'p',
            { class: 'hint' },
            h(
              'a',
              { href: `runs/${enc(r.path)}/report.html`, target: '_blank', rel: 'noopener' },
              'open the report in its own tab',
            ),
          ),
          h('iframe', {
            class: 'report',
            src: `runs/${enc(r.path)}/report.html`,
            title: `report ${r.path}`,
          }),
        );
      } else {
        view.replaceChildren(
          h('h2', {}, r.path),
          ...r.figures.map((f) =>
            h('img', {
              src: `runs/${enc(r.path)}/${encodeURIComponent(f)}`,
              alt: f,
              style: 'max-width:100%',
            }),
          ),
        );
      }
    };
    const showStudy = async (f: StudyFile) => {
      setParams('reports', new URLSearchParams({ study: f.path }));
      selected = f.path;
      mark();
      view.replaceChildren(h('h2', {}, f.path), h('p', { class: 'status' }, 'loading…'));
      try {
        const s = await loadStudy(f);
        const body = h('div', {});
        view.replaceChildren(
          h('h2', {}, `${f.path}${f.kind === 'sqlite' ? ` — study ${s.name}` : ''}`),
          body,
        );
        await drawStudy(body, s);
      } catch (e) {
        view.replaceChildren(h('h2', {}, f.path), h('p', { class: 'error' }, (e as Error).message));
      }
    };
    const buttons: HTMLButtonElement[] = [];
    const mark = () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.path === selected));
    };

    const load = async () => {
      const res = await fetch('api/runs');
      const j = (await res.json()) as { folder: string; runs: RunEntry[]; studies: StudyFile[] };
      const item = (path: string, label: string, on: () => void) => {
        const b = h('button', { type: 'button', 'data-path': path, onclick: on }, label);
        buttons.push(b);
        return h('li', {}, b);
      };
      list.replaceChildren(
        h('h2', {}, 'Reports'),
        j.runs.length === 0
          ? h(
              'p',
              { class: 'hint' },
              `No reports in ${j.folder}: run `,
              h('code', {}, 'optlab run NAME'),
              ' or start the lab with --runs DIR.',
            )
          : h(
              'ul',
              { class: 'list' },
              ...j.runs.map((r) => item(r.path, r.path, () => showRun(r))),
            ),
        h('h2', {}, 'Studies'),
        j.studies.length === 0
          ? h(
              'p',
              { class: 'hint' },
              'No studies: save ',
              h('code', {}, 'optlab tune SPEC > out/study.json'),
              ' or use --storage out/study.sqlite.',
            )
          : h(
              'ul',
              { class: 'list' },
              ...j.studies.map((f) =>
                item(f.path, `${f.path} (${f.kind})`, () => void showStudy(f)),
              ),
            ),
      );
      const r = j.runs.find((x) => x.path === selected);
      const s = j.studies.find((x) => x.path === selected);
      if (r) showRun(r);
      else if (s) await showStudy(s);
      else
        view.replaceChildren(
          h('p', { class: 'hint' }, `Everything here is read from ${j.folder}, read-only.`),
        );
      mark();
    };
    root.append(h('h1', {}, 'Reports and studies'), h('div', { class: 'layout' }, list, view));
    void load();
    return () => {};
  },
};
