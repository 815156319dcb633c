import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows, seriesColumns, toCsv, writeCsv, writeSeriesCsv } from './csv.js';

describe('CSV', () => {
  it('formats a header and rows, quoting only where needed', () => {
    expect(toCsv({ name: ['a', 'b,c', 'say "hi"'], v: [1, 0.5, -2e-7] })).toBe(
      'name,v\na,1\n"b,c",0.5\n"say ""hi""",-2e-7\n',
    );
  });

  it('round-trips numbers exactly (including NaN and infinities) and awkward strings', () => {
    const cols = {
      step: [0, 1, 2, 3, 4],
      loss: [
        Math.log(10),
        0.1 + 0.2,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        -1.7976931348623157e308,
      ],
      label: ['plain', 'comma, inside', 'quote " inside', 'line\nbreak', ''],
    };
    const back = parseCsv(toCsv(cols));
    expect(back.step).toEqual(cols.step);
    expect(back.loss).toEqual(cols.loss); // toEqual treats NaN as equal to NaN
    expect(back.label).toEqual(cols.label);
  });

  it('round-trips any float64 array (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 20 }), (arr) => {
        const back = parseCsv(toCsv({ v: arr })).v as number[];
        // String(-0) is "0": the one value that comes back different (as +0)
        expect(back).toEqual(arr.map((v) => (Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects columns of different lengths, naming them', () => {
    expect(() => toCsv({ a: [1, 2], b: [1] })).toThrow(/column 'b' has 1 values but 'a' has 2/);
  });

  it('parses CRLF line ends', () => {
    expect(parseCsvRows('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('writes files atomically and series in long format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-csv-'));
    try {
      await writeCsv(join(dir, 't.csv'), { a: [1, 2], b: ['x', 'y'] });
      expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe('a,b\n1,x\n2,y\n');
      const series = [
        { name: 'SGD', x: [0, 1], y: [2.3, 2.1] },
        { name: 'Adam', x: [0, 1, 2], y: [2.3, 1.0, 0.5] },
      ];
      expect(seriesColumns(series, 'iteration', 'loss')).toEqual({
        series: ['SGD', 'SGD', 'Adam', 'Adam', 'Adam'],
        iteration: [0, 1, 0, 1, 2],
        loss: [2.3, 2.1, 2.3, 1.0, 0.5],
      });
      await writeSeriesCsv(join(dir, 's.csv'), series, 'iteration', 'loss');
      expect(parseCsv(readFileSync(join(dir, 's.csv'), 'utf8')).loss).toEqual([
        2.3, 2.1, 2.3, 1.0, 0.5,
      ]);
      expect(readdirSync(dir).sort()).toEqual(['s.csv', 't.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
