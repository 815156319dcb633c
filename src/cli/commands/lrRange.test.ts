import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';

const yaml = `
data: mnist
model:
  hidden: [32]
optimizer:
  name: momentum
  lr: 0.01
  momentum: 0.9
batchSize: 32
epochs: 1
seed: 2
`;

describe('optlab train --lr-range-test', () => {
  it('sweeps the config optimizer’s lr, prints the suggestion and writes csv, json and png', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-lrrange-'));
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const out = join(dir, 'run');
    const r = await cli([
      'train',
      '--config',
      join(dir, 'c.yaml'),
      '--out',
      out,
      '--lr-range-test',
      '--lr-min',
      '1e-4',
      '--lr-max',
      '100',
      '--lr-steps',
      '150',
    ]);
    expect(r.stderr).toMatch(/suggested lr: /);
    expect(r.status).toBe(0);
    for (const f of ['lr-range.csv', 'lr-range.json', 'lr-range.png'])
      expect(existsSync(join(out, f)), f).toBe(true);
    // no training happened: no model or checkpoint
    expect(existsSync(join(out, 'model.json'))).toBe(false);
    const j = JSON.parse(readFileSync(join(out, 'lr-range.json'), 'utf8'));
    expect(j.suggestion.steepest).toBeGreaterThan(1e-3);
    expect(j.suggestion.steepest).toBeLessThan(1);
    const csv = readFileSync(join(out, 'lr-range.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,lr,loss,smoothed');
    expect(Number(csv[1]!.split(',')[1])).toBeCloseTo(1e-4, 12);
  }, 120_000);

  it('a bad --lr-max is refused with one line naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-lrrange-'));
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const r = await cli([
      'train',
      '--config',
      join(dir, 'c.yaml'),
      '--out',
      join(dir, 'run'),
      '--lr-range-test',
      '--lr-max',
      'big',
    ]);
    // refused by the argument parser, before the config or the data is read
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: option '--lr-max <lr>' argument 'big' is invalid. must be a number\n/,
    );
    expect(existsSync(join(dir, 'run'))).toBe(false);
    // a range the test refuses (lrMax ≤ lrMin) is bad input too, naming the option
    const q = await cli([
      'train',
      '--config',
      join(dir, 'c.yaml'),
      '--out',
      join(dir, 'run2'),
      '--lr-range-test',
      '--lr-min',
      '1',
      '--lr-max',
      '0.5',
    ]);
    expect(q.status).toBe(2);
    expect(q.stderr).toBe('optlab: lrRangeTest: option lrMax must be > lrMin (1), got 0.5\n');
  });
});
