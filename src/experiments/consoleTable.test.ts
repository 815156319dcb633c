import { describe, expect, it } from 'vitest';
import {
  columnFormat,
  EMPTY_CELL,
  formatConsoleChecks,
  formatConsoleTable,
  formatInColumn,
  wrapText,
} from './consoleTable.js';

describe('console tables', () => {
  it('one number format per column', () => {
    expect(columnFormat([1, 20, 300])).toEqual({ kind: 'int' });
    // 4 significant digits for the smallest, the same decimals for all
    const f = columnFormat([0.02378, 0.5, 12.5]);
    expect(f).toEqual({ kind: 'fixed', decimals: 5 });
    expect([0.02378, 0.5, 12.5].map((v) => formatInColumn(v, f))).toEqual([
      '0.02378',
      '0.50000',
      '12.50000',
    ]);
    // one value below 1e-3 puts the whole column in exponent form (ASCII minus)
    const e = columnFormat([7.219e-4, 0.02378, 0]);
    expect(e).toEqual({ kind: 'exp' });
    expect([7.219e-4, 0.02378, 0].map((v) => formatInColumn(v, e))).toEqual([
      '7.219e-4',
      '2.378e-2',
      '0',
    ]);
    expect(formatInColumn(Number.NaN, f)).toBe('NaN');
  });
  it('writes exponents in text cells one way', () => {
    const t = formatConsoleTable([{ observed: 'λ 1.0e−8: 68 %; 4.2e-4' }]);
    expect(t).toContain('λ 1.0e-8: 68 %; 4.2e-4');
  });
  it('wraps text at spaces, cutting only words longer than the column', () => {
    expect(wrapText('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrapText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });
  it('fits the width by wrapping the widest text column; numbers stay whole', () => {
    const long = 'word '.repeat(40).trim();
    const t = formatConsoleTable(
      [
        { name: 'first', note: long, value: 0.5 },
        { name: 'second', note: 'short', value: null },
      ],
      { width: 60, title: 'T' },
    );
    const lines = t.split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
    expect(lines[0]).toBe('T');
    // every word is kept, in order
    expect(t.match(/word/g)).toHaveLength(40);
    // the missing value shows as a dash, right-aligned with the numbers
    expect(lines.at(-1)).toMatch(new RegExp(`second\\s+short\\s+${EMPTY_CELL}$`));
    expect(t).toContain('0.5000');
  });
  it('checks: PASS/FAIL, the count, and each check once', () => {
    const s = formatConsoleChecks([
      { name: 'a', expected: 'x < 1', observed: '0.5', passed: true },
      { name: 'b', expected: 'y > 2', observed: '1', passed: false },
    ]);
    expect(s).toMatch(/^\s+check/);
    expect(s).toMatch(/PASS {2}a/);
    expect(s).toMatch(/FAIL {2}b/);
    expect(s.endsWith('1 of 2 checks passed')).toBe(true);
  });
});
