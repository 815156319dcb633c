/**
 * Plain-text tables for the terminal: the summary an experiment prints when it
 * finishes. Columns are aligned; numbers right-aligned with a common format,
 * text left-aligned. No colours, so the output pastes anywhere.
 */

/** A table cell: text, a number (formatted), a boolean (yes/no) or nothing. */
export type Cell = string | number | boolean | null | undefined;

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** Column order and header text; default the keys of the first row. */
  columns?: string[];
  /** Significant digits for numbers. Default 4. */
  digits?: number;
  /** Spaces between columns. Default 2. */
  gap?: number;
  /** Title line printed above the table. */
  title?: string;
}

/**
 * Formats a number for a table: integers in full up to 1e7, other values with
 * `digits` significant digits, switching to exponent form below 1e-3 or above 1e7.
 */
export function formatNumber(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) return v.toExponential(Math.max(0, digits - 1));
  // toPrecision then drop trailing zeros of the fraction
  const s = v.toPrecision(digits);
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

function cellText(c: Cell, digits: number): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return formatNumber(c, digits);
  if (typeof c === 'boolean') return c ? 'yes' : 'no';
  return c;
}

/** Display width of a string (code points; good enough for Latin, Greek and symbols). */
function width(s: string): number {
  return [...s].length;
}

/**
 * Formats rows of records as an aligned plain-text table with a rule under the header.
 *
 * @example
 * ```ts
 * import { report } from 'optlab';
 *
 * const rows = [
 *   { method: 'bfgs', nit: 33, fun: 8.98e-19, success: true },
 *   { method: 'gd', nit: 1000, fun: 3.1e-3, success: false },
 * ];
 * console.log(report.formatTable(rows, { digits: 3 }));
 * ```
 */
export function formatTable(
  rows: readonly Record<string, Cell>[],
  options: TableOptions = {},
): string {
  const { digits = 4, gap = 2 } = options;
  const columns = options.columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const numeric = columns.map(
    (c) =>
      rows.some((r) => typeof r[c] === 'number') &&
      rows.every((r) => r[c] == null || typeof r[c] === 'number'),
  );
  const body = rows.map((r) => columns.map((c) => cellText(r[c], digits)));
  const widths = columns.map((c, j) => Math.max(width(c), ...body.map((b) => width(b[j]!))));
  const pad = (s: string, j: number): string => {
    const fill = ' '.repeat(widths[j]! - width(s));
    return numeric[j] ? fill + s : s + fill;
  };
  const sep = ' '.repeat(gap);
  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  lines.push(
    columns
      .map((c, j) => pad(c, j))
      .join(sep)
      .trimEnd(),
  );
  lines.push(widths.map((w) => '─'.repeat(w)).join(sep));
  for (const b of body)
    lines.push(
      b
        .map((s, j) => pad(s, j))
        .join(sep)
        .trimEnd(),
    );
  return lines.join('\n');
}

/** A check of an experiment against its expected band. */
export interface Check {
  name: string;
  expected: string;
  observed: string;
  passed: boolean;
}

/** Formats checks as a table with a PASS/FAIL column and a closing count line. */
export function formatChecks(checks: readonly Check[]): string {
  const table = formatTable(
    checks.map((c) => ({
      '': c.passed ? 'PASS' : 'FAIL',
      check: c.name,
      expected: c.expected,
      observed: c.observed,
    })),
  );
  const passed = checks.filter((c) => c.passed).length;
  return `${table}\n${passed} of ${checks.length} checks passed`;
}
