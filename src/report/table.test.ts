import { describe, expect, it } from 'vitest';
import { formatChecks, formatNumber, formatTable } from './table.js';

describe('formatNumber', () => {
  it('uses plain integers, 4 significant digits, and exponents for tiny or huge values', () => {
    expect(formatNumber(2000)).toBe('2000');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-0.35039)).toBe('-0.3504');
    expect(formatNumber(1.5e-5)).toBe('1.500e-5');
    expect(formatNumber(3.2e9)).toBe('3.200e+9');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    const out = formatTable([
      { optimizer: 'SGD', x: -0.35039, 'final loss': 0.25 },
      { optimizer: 'Momentum', x: 0.8964, 'final loss': 0.0123 },
    ]);
    expect(out.split('\n')).toEqual([
      'optimizer        x  final loss',
      '─────────  ───────  ──────────',
      'SGD        -0.3504        0.25',
      'Momentum    0.8964      0.0123',
    ]);
  });

  it('takes a column order, a title and empty cells', () => {
    const out = formatTable(
      [
        { a: 1, b: 'x' },
        { a: null, b: 'yy' },
      ],
      { columns: ['b', 'a'], title: 'T' },
    );
    expect(out.split('\n')).toEqual(['T', 'b   a', '──  ─', 'x   1', 'yy']);
  });

  it('formats checks with PASS/FAIL and a tally', () => {
    const out = formatChecks([
      { name: 'SGD x', expected: '−0.35 ± 0.01', observed: '-0.3504', passed: true },
      { name: 'Adam y', expected: '0.32 ± 0.01', observed: '0.5', passed: false },
    ]);
    expect(out).toContain('PASS  SGD x');
    expect(out).toContain('FAIL  Adam y');
    expect(out.endsWith('1 of 2 checks passed')).toBe(true);
  });
});
