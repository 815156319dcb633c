import { describe, expect, it } from 'vitest';
import { fitnets } from './fitnets.js';
import { runQuick } from './testing.test-util.js';

describe('experiment fitnets', () => {
  it('the teacher learns and hint training reduces the hint loss (quick form)', async () => {
    const r = await runQuick(fitnets);
    const byName = (s: string) => r.checks.find((c) => c.name.startsWith(s))!;
    expect(byName('the wide shallow teacher').passed).toBe(true);
    expect(byName('hint training reduces').passed).toBe(true);
    // hints + KD vs alone is measured and reported either way (it does not help in this setting)
    expect(byName('hints + KD beat').observed).toMatch(/vs/);
    const students = r.summary.filter((x) => String(x.method).startsWith('student'));
    expect(new Set(students.map((x) => x.updates)).size).toBe(1);
  }, 120_000);
});
