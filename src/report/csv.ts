/**
 * CSV output of experiment data (RFC 4180: comma-separated, a header row,
 * fields with a comma, quote or line break quoted, quotes doubled, CRLF-free
 * "\n" line ends). Numbers are written with `String(n)`, the shortest text that
 * reads back to the same float64, so a round trip is exact; NaN and ±Infinity
 * are written as `NaN`, `Infinity`, `-Infinity`.
 */
import { writeFileAtomic } from '../util/fs.js';
import type { Series } from './spec.js';

/** Columns of a table: equal-length arrays of numbers or strings, in column order. */
export type Columns = Record<string, ArrayLike<number> | readonly string[]>;

function field(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Formats columns as CSV text (header line + one line per row, final newline). */
export function toCsv(columns: Columns): string {
  const names = Object.keys(columns);
  if (names.length === 0) throw new RangeError('toCsv: no columns');
  const n = columns[names[0]!]!.length;
  for (const name of names) {
    const len = columns[name]!.length;
    if (len !== n) {
      throw new RangeError(`toCsv: column '${name}' has ${len} values but '${names[0]}' has ${n}`);
    }
  }
  const lines = [names.map(field).join(',')];
  for (let i = 0; i < n; i++) {
    lines.push(names.map((name) => field(columns[name]![i]!)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes and newlines). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cur += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
    i++;
  }
  if (cur.length > 0 || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-?Infinity$|^NaN$/;

/**
 * Parses CSV text written by {@link toCsv} back into columns: a column whose
 * every field is a number literal becomes `number[]`, any other `string[]`.
 */
export function parseCsv(text: string): Record<string, number[] | string[]> {
  const rows = parseCsvRows(text);
  const header = rows[0];
  if (!header) return {};
  const out: Record<string, number[] | string[]> = {};
  header.forEach((name, c) => {
    const cells = rows.slice(1).map((r) => r[c] ?? '');
    out[name] = cells.length > 0 && cells.every((s) => NUMBER.test(s)) ? cells.map(Number) : cells;
  });
  return out;
}

/** Writes columns as a CSV file atomically (see `writeFileAtomic`). */
export async function writeCsv(path: string, columns: Columns): Promise<void> {
  await writeFileAtomic(path, toCsv(columns));
}

/**
 * Long-format columns of a set of series: one row per point, columns
 * `series`, `<xName>`, `<yName>` (default `x`, `y`). Any x grid per series.
 */
export function seriesColumns(
  series: readonly Series[],
  xName = 'x',
  yName = 'y',
): Record<string, number[] | string[]> {
  if (xName === yName || xName === 'series' || yName === 'series') {
    throw new RangeError(
      `seriesColumns: column names must differ from each other and from 'series', got '${xName}', '${yName}'`,
    );
  }
  const names: string[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw new RangeError(
        `seriesColumns: series '${s.name}' has ${s.x.length} x but ${s.y.length} y values`,
      );
    }
    for (let i = 0; i < s.x.length; i++) {
      names.push(s.name);
      xs.push(s.x[i]!);
      ys.push(s.y[i]!);
    }
  }
  return { series: names, [xName]: xs, [yName]: ys };
}

/** Writes series as a long-format CSV (see {@link seriesColumns}). */
export async function writeSeriesCsv(
  path: string,
  series: readonly Series[],
  xName = 'x',
  yName = 'y',
): Promise<void> {
  await writeCsv(path, seriesColumns(series, xName, yName));
}
