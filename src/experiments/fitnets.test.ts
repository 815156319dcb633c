import { describe, expect, it } from 'vitest';
import { fitnets } from './fitnets.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment fitnets', () => {
  it('hints + KD make the deep thin student trainable where alone and KD only are not (quick form)', async () => {
    const r = await runQuick(fitnets);
    expectAllChecksPass(r);
    expect(r.checks.some((c) => c.name.startsWith('hints + KD make'))).toBe(true);
    // every student gets the same number of updates (the hint updates count for the hinted one)
    const students = r.summary.filter((x) => String(x.method).startsWith('student'));
    expect(students.length).toBeGreaterThanOrEqual(3);
    expect(new Set(students.map((x) => x.updates)).size).toBe(1);
  }, 120_000);
});
