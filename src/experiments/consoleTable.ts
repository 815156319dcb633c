/**
 * The tables an experiment prints on the terminal: its summary and its checks,
 * fitted to a width (default 100 columns) by wrapping long text cells at word
 * boundaries (report.html keeps the full text on one line). Every number of a
 * column has one format — all integers, all fixed-point with the same
 * decimals, or all in exponent form — so a column reads at a glance; an empty
 * cell shows as "—" (a test of the experiments keeps those rare).
 */
import type { Cell, Check } from '../report/table.js';

export interface ConsoleTableOptions {
  title?: string;
  /** Significant digits of the smallest number of a column. Default 4. */
  digits?: number;
  /** Widest line, in characters. Default 100. */
  width?: number;
  /** Spaces between columns. Default 2. */
  gap?: number;
}

/** Shown for a missing value (null or undefined). */
export const EMPTY_CELL = '—';

/** How the numbers of one column are written. */
type NumberFormat = { kind: 'int' } | { kind: 'fixed'; decimals: number } | { kind: 'exp' };

/** One format for all the numbers of a column (see the module note). */
export function columnFormat(values: readonly number[], digits = 4): NumberFormat {
  const finite = values.filter(Number.isFinite);
  if (finite.every((v) => Number.isInteger(v) && Math.abs(v) < 1e7)) return { kind: 'int' };
  const mags = finite.filter((v) => v !== 0).map(Math.abs);
  const lo = Math.min(...mags);
  const hi = Math.max(...mags);
  if (lo < 1e-3 || hi >= 1e7 || hi / lo >= 1e4) return { kind: 'exp' };
  const decimals = Math.min(6, Math.max(0, digits - 1 - Math.floor(Math.log10(lo))));
  return { kind: 'fixed', decimals };
}

/** A number in a column's format (ASCII minus signs, "inf", "NaN"). */
export function formatInColumn(v: number, f: NumberFormat, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  switch (f.kind) {
    case 'int':
      return String(v);
    case 'fixed':
      return v.toFixed(f.decimals);
    case 'exp':
      return v === 0 ? '0' : v.toExponential(Math.max(0, digits - 1));
  }
}

/** `1.5e−5` (a typographic minus, as some texts write it) as `1.5e-5`, the form numbers have here. */
export function asciiExponents(text: string): string {
  return text.replace(/(\d)e−(\d)/g, '$1e-$2');
}

/** Display width (code points: good enough for Latin, Greek and symbols). */
function textWidth(s: string): number {
  return [...s].length;
}

/** Breaks text into lines of at most `w` characters, at spaces when it can. */
export function wrapText(text: string, w: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      let rest = word;
      while (textWidth(rest) > w) {
        // a word longer than the column: cut it
        if (line) {
          lines.push(line);
          line = '';
        }
        const cp = [...rest];
        lines.push(cp.slice(0, w).join(''));
        rest = cp.slice(w).join('');
      }
      if (!line) line = rest;
      else if (textWidth(line) + 1 + textWidth(rest) <= w) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Rows of records as an aligned table no wider than `width`, long text wrapped. */
export function formatConsoleTable(
  rows: readonly Record<string, Cell>[],
  options: ConsoleTableOptions = {},
): string {
  const { digits = 4, width = 100, gap = 2 } = options;
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const formats = columns.map((c) =>
    columnFormat(
      rows.map((r) => r[c]).filter((v): v is number => typeof v === 'number'),
      digits,
    ),
  );
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === 'number'));
  const body = rows.map((r) =>
    columns.map((c, j) => {
      const v = r[c];
      if (v === null || v === undefined) return EMPTY_CELL;
      if (typeof v === 'number') return formatInColumn(v, formats[j]!, digits);
      if (typeof v === 'boolean') return v ? 'yes' : 'no';
      return asciiExponents(v);
    }),
  );
  // Narrowest a column may get: its widest number (numbers are never broken),
  // or a few words of text; headers wrap too.
  const longestWord = (t: string) => Math.max(0, ...t.split(/\s+/).map(textWidth));
  const minWidths = columns.map((c, j) =>
    numeric[j]
      ? Math.max(
          longestWord(c),
          ...body.map((b, i) => (typeof rows[i]![c] === 'number' ? textWidth(b[j]!) : 0)),
          1,
        )
      : Math.min(12, Math.max(longestWord(c), ...body.map((b) => longestWord(b[j]!)))),
  );
  const widths = columns.map((c, j) =>
    Math.max(textWidth(c), ...body.map((b) => Math.max(...b[j]!.split('\n').map(textWidth)))),
  );
  // Narrow the widest column that can give, one character at a time, until the table fits.
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  while (total() > width) {
    let k = -1;
    for (let j = 0; j < columns.length; j++)
      if (widths[j]! > minWidths[j]! && (k < 0 || widths[j]! > widths[k]!)) k = j;
    if (k < 0) break;
    widths[k]!--;
  }
  const pad = (s: string, j: number): string => {
    const fill = ' '.repeat(Math.max(0, widths[j]! - textWidth(s)));
    return numeric[j] ? fill + s : s + fill;
  };
  const sep = ' '.repeat(gap);
  const lines: string[] = [];
  if (options.title) lines.push(...wrapText(options.title, width));
  const head = columns.map((c, j) => wrapText(c, widths[j]!));
  const headHeight = Math.max(1, ...head.map((h) => h.length));
  for (let i = 0; i < headHeight; i++)
    lines.push(
      head
        // headers sit on the rule: the last line of each is on the last header line
        .map((h, j) => pad(h[i - (headHeight - h.length)] ?? '', j))
        .join(sep)
        .trimEnd(),
    );
  lines.push(widths.map((w) => '─'.repeat(w)).join(sep));
  for (const [i, b] of body.entries()) {
    const cells = b.map((s, j) =>
      typeof rows[i]![columns[j]!] === 'number' ? [s] : wrapText(s, widths[j]!),
    );
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++)
      lines.push(
        cells
          .map((c, j) => pad(c[i] ?? '', j))
          .join(sep)
          .trimEnd(),
      );
  }
  return lines.join('\n');
}

/** Checks as a table (PASS/FAIL, name, expected, observed) and a closing count line. */
export function formatConsoleChecks(
  checks: readonly Check[],
  options: Omit<ConsoleTableOptions, 'title'> = {},
): string {
  const table = formatConsoleTable(
    checks.map((c) => ({
      '': c.passed ? 'PASS' : 'FAIL',
      check: c.name,
      expected: c.expected,
      observed: c.observed,
    })),
    options,
  );
  const passed = checks.filter((c) => c.passed).length;
  return `${table}\n${passed} of ${checks.length} checks passed`;
}
