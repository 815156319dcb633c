import { describe, expect, it } from 'vitest';
import { edgeOfStability } from './edgeOfStability.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment edge-of-stability', () => {
  it('sharpness rises to 2/η and hovers there while the loss falls', async () => {
    const r = await runQuick(edgeOfStability);
    expectAllChecksPass(r);
    // the first λmax of every run is the same λ₀ the step sizes were set from
    const s = r.summary as { 'λmax start': number; 'two over lr': number }[];
    expect(s[0]!['λmax start']).toBeCloseTo(s[1]!['λmax start'], 12);
    expect(s[0]!['two over lr'] / s[0]!['λmax start']).toBeCloseTo(1.5, 6);
  }, 300_000);
});
