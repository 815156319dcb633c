/**
 * `out/index.html`: one page linking the report of every experiment found in an
 * output folder (each `NAME/results.json` with its `report.html`), with its
 * checks passed, its time and how it was run. Rebuilt from the folder after
 * every `optlab run`, so it lists what is there, also from earlier runs (each
 * row says when it ran). Self-contained: inline CSS, no script.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../report/html.js';
import { writeFileAtomic } from '../util/fs.js';
import { experimentNames } from './catalog.js';

/** What the index shows of one run (read from its results.json). */
export interface IndexEntry {
  name: string;
  title: string;
  quick: boolean;
  seed: number;
  seconds: number;
  date: string;
  passed: number;
  checks: number;
  /** The report's path relative to the index (absent when the run wrote no figures). */
  report?: string;
}

/** The runs in `dir` (each sub-folder with a readable results.json), in the experiments' order. */
export function readIndexEntries(dir: string): IndexEntry[] {
  if (!existsSync(dir)) return [];
  const entries: IndexEntry[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const f = join(dir, d.name, 'results.json');
    if (!existsSync(f)) continue;
    let r: {
      experiment?: unknown;
      title?: unknown;
      quick?: unknown;
      seed?: unknown;
      seconds?: unknown;
      date?: unknown;
      checks?: { passed?: unknown }[];
    };
    try {
      r = JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      continue; // not one of ours, or being written by another run
    }
    if (typeof r.experiment !== 'string') continue;
    const checks = Array.isArray(r.checks) ? r.checks : [];
    entries.push({
      name: r.experiment,
      title: typeof r.title === 'string' ? r.title : r.experiment,
      quick: r.quick === true,
      seed: typeof r.seed === 'number' ? r.seed : 0,
      seconds: typeof r.seconds === 'number' ? r.seconds : Number.NaN,
      date: typeof r.date === 'string' ? r.date : '',
      passed: checks.filter((c) => c.passed === true).length,
      checks: checks.length,
      ...(existsSync(join(dir, d.name, 'report.html'))
        ? { report: `${encodeURIComponent(d.name)}/report.html` }
        : {}),
    });
  }
  const order = (n: string) => {
    const i = experimentNames.indexOf(n);
    return i < 0 ? experimentNames.length : i;
  };
  return entries.sort((a, b) => order(a.name) - order(b.name) || a.name.localeCompare(b.name));
}

const CSS = `
body { margin: 0; font: 16px/1.5 Charter, Georgia, serif; color: #1a1a1a; }
main { max-width: 64rem; margin: 0 auto; padding: 2.5rem 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; font-weight: 600; }
.meta { color: #666; font-size: .92rem; }
table { border-collapse: collapse; font: .9rem/1.4 'DejaVu Sans', Arial, sans-serif; margin-top: 1rem; }
th, td { padding: .3rem .9rem .3rem 0; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #333; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.nw { white-space: nowrap; }
.ok { color: #2e7d32; font-weight: 600; } .bad { color: #c62828; font-weight: 600; }
`;

/** The index page of some runs. */
export function runIndexHtml(entries: readonly IndexEntry[]): string {
  const passed = entries.reduce((a, e) => a + e.passed, 0);
  const checks = entries.reduce((a, e) => a + e.checks, 0);
  const seconds = entries.reduce((a, e) => a + (Number.isFinite(e.seconds) ? e.seconds : 0), 0);
  const rows = entries
    .map((e) => {
      const name = e.report
        ? `<a href="${escapeHtml(e.report)}">${escapeHtml(e.name)}</a>`
        : escapeHtml(e.name);
      const cls = e.passed === e.checks ? 'ok' : 'bad';
      return (
        `<tr><td class="nw">${name}</td><td>${escapeHtml(e.title)}</td>` +
        `<td class="num ${cls}">${e.passed}/${e.checks}</td>` +
        `<td class="num">${Number.isFinite(e.seconds) ? e.seconds.toFixed(1) : '—'}</td>` +
        `<td class="nw">${e.quick ? 'quick' : 'full'}, seed ${e.seed}</td>` +
        `<td class="nw">${escapeHtml(e.date.slice(0, 16).replace('T', ' '))}</td></tr>`
      );
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>optlab experiments</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>optlab experiments</h1>
<p class="meta">${entries.length} runs · ${passed} of ${checks} checks passed · ${seconds.toFixed(1)} s of running (start-up and figures not included)</p>
<table>
<thead><tr><th>experiment</th><th>title</th><th class="num">checks</th><th class="num">seconds</th><th>form</th><th>run (UTC)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</main>
</body>
</html>
`;
}

/** Writes `dir/index.html` listing the runs found in `dir`; returns its path. */
export async function writeRunIndex(dir: string): Promise<string> {
  const path = join(dir, 'index.html');
  await writeFileAtomic(path, runIndexHtml(readIndexEntries(dir)));
  return path;
}
