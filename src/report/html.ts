/**
 * One self-contained HTML report per experiment run: title, description,
 * settings, summary table, checks against the expected bands (pass/fail),
 * figures as inline SVG with captions, and the versions that produced it.
 * Inline CSS, no script, no external asset: the file opens anywhere, offline,
 * and prints cleanly.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/fs.js';
import { type Cell, type Check, formatNumber } from './table.js';

/** A figure of a report. */
export interface ReportFigure {
  title: string;
  /** A standalone SVG document (as from `renderSvg`). */
  svg: string;
  caption?: string;
}

/** Everything a report shows. */
export interface ReportInput {
  title: string;
  /** Plain text; blank lines separate paragraphs. */
  description?: string;
  /** Settings of the run (values shown as text, objects as JSON). */
  settings?: Record<string, unknown>;
  /** Summary table rows (e.g. one row per optimizer). */
  summary?: Record<string, Cell>[];
  checks?: Check[];
  figures?: ReportFigure[];
  /** Versions of optlab, Node, dependencies… */
  versions?: Record<string, string>;
  /** Text shown under the title, e.g. the run's date and duration. */
  meta?: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Prepares an SVG document for inlining: drops the XML prolog and gives every
 * `id` a figure-specific prefix (and rewrites `url(#…)` and `href="#…"` to
 * match), so that clip paths and gradients of several figures never collide.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]!);
  let out = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/i, '');
  if (ids.size === 0) return out;
  const rename = (id: string): string => (ids.has(id) ? `${prefix}-${id}` : id);
  out = out.replace(
    /(\sid=")([^"]+)(")/g,
    (_, a: string, id: string, b: string) => a + rename(id) + b,
  );
  out = out.replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`);
  out = out.replace(
    /(href=")#([^"]+)(")/g,
    (_, a: string, id: string, b: string) => `${a}#${rename(id)}${b}`,
  );
  return out;
}

function cellHtml(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return escapeHtml(formatNumber(c));
  if (typeof c === 'boolean') return c ? 'yes' : 'no';
  return escapeHtml(c);
}

function valueText(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v);
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

function keyValueTable(obj: Record<string, unknown>, cls: string): string {
  const rows = Object.entries(obj)
    .map(
      ([k, v]) =>
        `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(valueText(v))}</td></tr>`,
    )
    .join('\n');
  return `<table class="${cls}"><tbody>\n${rows}\n</tbody></table>`;
}

function summaryTable(rows: Record<string, Cell>[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const numeric = cols.map((c) => rows.every((r) => r[c] == null || typeof r[c] === 'number'));
  const head = cols
    .map((c, j) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cols.map((c, j) => `<td${numeric[j] ? ' class="num"' : ''}>${cellHtml(r[c])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function checksTable(checks: Check[]): string {
  const passed = checks.filter((c) => c.passed).length;
  const allOk = passed === checks.length;
  const body = checks
    .map(
      (c) =>
        `<tr class="${c.passed ? 'pass' : 'fail'}"><td><span class="badge">${c.passed ? 'PASS' : 'FAIL'}</span></td>` +
        `<td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.expected)}</td><td>${escapeHtml(c.observed)}</td></tr>`,
    )
    .join('\n');
  return (
    `<p class="tally ${allOk ? 'pass' : 'fail'}">${passed} of ${checks.length} checks passed</p>\n` +
    `<table class="data checks"><thead><tr><th></th><th>check</th><th>expected</th><th>observed</th></tr></thead><tbody>\n${body}\n</tbody></table>`
  );
}

const CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a;
  font: 16px/1.55 Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; font-weight: 600; }
h2 { font-size: 1.25rem; margin: 2.4rem 0 .8rem; padding-bottom: .25rem; border-bottom: 1px solid #ddd; font-weight: 600; }
.meta { color: #666; margin: 0 0 1.5rem; font-size: .92rem; }
p { margin: .6rem 0; max-width: 42rem; }
table { border-collapse: collapse; font: .88rem/1.4 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; margin: .6rem 0; }
th, td { padding: .3rem .8rem .3rem 0; text-align: left; vertical-align: top; }
table.data thead th { border-bottom: 1.5px solid #333; font-weight: 600; }
table.data tbody tr:last-child td { border-bottom: 1.5px solid #333; }
table.data thead { border-top: 1.5px solid #333; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-left: .8rem; }
table.kv th { font-weight: 600; color: #333; padding-right: 1.5rem; }
table.kv td { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: .82rem; word-break: break-word; }
.badge { display: inline-block; min-width: 2.9rem; text-align: center; font-size: .75rem; font-weight: 700;
  letter-spacing: .04em; border-radius: 3px; padding: .05rem .3rem; color: #fff; }
tr.pass .badge { background: #2e7d32; } tr.fail .badge { background: #c62828; }
tr.fail td { background: #fdecea; }
.tally { font-weight: 600; } .tally.pass { color: #2e7d32; } .tally.fail { color: #c62828; }
figure { margin: 1.8rem 0; }
figure .svg { overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: .92rem; color: #333; margin-top: .5rem; max-width: 42rem; }
figcaption b { font-weight: 600; }
footer { margin-top: 3rem; color: #777; font-size: .85rem; }
@media print { main { padding: 0; } figure { break-inside: avoid; } }
`;

/** Builds the report as one self-contained HTML document string. */
export function htmlReport(r: ReportInput): string {
  if (typeof r.title !== 'string' || r.title.length === 0) {
    throw new TypeError('htmlReport: title must be a non-empty string');
  }
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(r.title)}</h1>`);
  if (r.meta) parts.push(`<p class="meta">${escapeHtml(r.meta)}</p>`);
  if (r.description) parts.push(paragraphs(r.description));
  if (r.checks && r.checks.length > 0) parts.push('<h2>Checks</h2>', checksTable(r.checks));
  if (r.summary && r.summary.length > 0) parts.push('<h2>Summary</h2>', summaryTable(r.summary));
  if (r.figures && r.figures.length > 0) {
    parts.push('<h2>Figures</h2>');
    r.figures.forEach((f, i) => {
      const n = i + 1;
      const caption = `<b>Figure ${n}.</b> ${escapeHtml(f.title)}${f.caption ? ` — ${escapeHtml(f.caption)}` : ''}`;
      parts.push(
        `<figure id="figure-${n}">\n<div class="svg">${inlineSvg(f.svg, `f${n}`)}</div>\n<figcaption>${caption}</figcaption>\n</figure>`,
      );
    });
  }
  if (r.settings && Object.keys(r.settings).length > 0) {
    parts.push('<h2>Settings</h2>', keyValueTable(r.settings, 'kv'));
  }
  if (r.versions && Object.keys(r.versions).length > 0) {
    parts.push('<h2>Versions</h2>', keyValueTable(r.versions, 'kv'));
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.join('\n')}
<footer>Generated by optlab.</footer>
</main>
</body>
</html>
`;
}

/**
 * Writes `report.html` into `dir` (created if missing) atomically and returns
 * its path.
 */
export async function writeReport(
  dir: string,
  r: ReportInput,
  fileName = 'report.html',
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  await writeFileAtomic(path, htmlReport(r));
  return path;
}
