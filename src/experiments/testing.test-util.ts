/** Runs an experiment's quick form for a test, into a temporary folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type RunRecord, runExperiment } from './run.js';
import type { Experiment } from './types.js';

export async function runQuick(
  exp: Experiment,
  opts: { figures?: boolean; seed?: number } = {},
): Promise<RunRecord> {
  const out = mkdtempSync(join(tmpdir(), `optlab-${exp.name}-`));
  return runExperiment(exp, {
    quick: true,
    out,
    figures: opts.figures ?? false,
    seed: opts.seed ?? 0,
  });
}

/** Every check of the run held; the message lists those that did not. */
export function expectAllChecksPass(r: RunRecord): void {
  const failed = r.checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name}: expected ${c.expected}, observed ${c.observed}`);
  expect(r.checks.length).toBeGreaterThan(0);
  expect(failed).toEqual([]);
}

/**
 * The printed tables are tidy: check names are unique, and every summary row has
 * the same columns with a value in each (no blank cells, no half-empty rows).
 */
export function expectTidyTables(r: RunRecord): void {
  const names = r.checks.map((c) => c.name);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  const cols = Object.keys(r.summary[0] ?? {});
  for (const row of r.summary) {
    expect(Object.keys(row)).toEqual(cols);
    const blank = cols.filter((c) => row[c] === null || row[c] === undefined || row[c] === '');
    expect(blank, JSON.stringify(row)).toEqual([]);
  }
}
