import { describe, expect, it } from 'vitest';
import { initActivations } from './initActivations.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment init-activations', () => {
  it('shows saturation, collapse and the spread kept by Xavier / He', async () => {
    const r = await runQuick(initActivations);
    expectAllChecksPass(r);
    // 3 activations × 4 initialisations × 5 layers of statistics, 30 bins each.
    const st = r.series['layer-stats']!;
    expect(st.sd).toHaveLength(60);
    expect(r.series.histograms!.count).toHaveLength(60 * 30);
    expect(r.figures.map((f) => f.name)).toEqual([
      'hist-sigmoid',
      'hist-tanh',
      'hist-relu',
      'sd-by-layer',
    ]);
  });

  it('holds on another seed', async () => {
    expectAllChecksPass(await runQuick(initActivations, { seed: 7 }));
  });
});
