import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { constant, normal, sample } from './basic.js';
import { lstmForgetBias } from './bias.js';
import { orthogonal } from './orthogonal.js';
import { sparse } from './sparse.js';
import { INIT_NAMES, initializerFromSpec, parseInit, parseInitSpec } from './spec.js';
import type { Initializer } from './types.js';
import { dlfsHe, dlfsXavier, glorotUniform, heNormal, heUniform } from './varianceScaling.js';

/** Same bits from the same seed, on a [6, 4] matrix. */
function sameAs(a: Initializer, b: Initializer): void {
  expect(sample(a, 6, 4, new Rng(17))).toEqual(sample(b, 6, 4, new Rng(17)));
}

describe('parseInitSpec', () => {
  it('fills defaults', () => {
    expect(parseInitSpec({ name: 'normal' })).toEqual({ name: 'normal', std: 0.01, mean: 0 });
    expect(parseInitSpec({ name: 'normal', std: 0.1 })).toEqual({
      name: 'normal',
      std: 0.1,
      mean: 0,
    });
    expect(parseInitSpec('sparse')).toEqual({ name: 'sparse', k: 15, std: 1 });
    expect(parseInitSpec({ name: 'he-normal' })).toEqual({ name: 'he-normal', mode: 'fan-in' });
  });

  it('maps DLFS weight_init_std: numbers, relu/he, sigmoid/xavier (any case)', () => {
    expect(parseInitSpec(0.01)).toEqual({ name: 'normal', std: 0.01, mean: 0 });
    expect(parseInitSpec('relu').name).toBe('dlfs-he');
    expect(parseInitSpec('He').name).toBe('dlfs-he');
    expect(parseInitSpec('SIGMOID').name).toBe('dlfs-xavier');
    expect(parseInitSpec({ name: 'xavier' }).name).toBe('dlfs-xavier');
    sameAs(parseInit('relu'), dlfsHe());
    sameAs(parseInit('xavier'), dlfsXavier());
    sameAs(parseInit(0.05), normal(0.05));
  });

  it("maps PyTorch's names to Glorot and He", () => {
    expect(parseInitSpec('xavier-uniform').name).toBe('glorot-uniform');
    expect(parseInitSpec('kaiming-normal').name).toBe('he-normal');
    sameAs(parseInit({ name: 'xavier-uniform', gain: 2 }), glorotUniform({ gain: 2 }));
    sameAs(parseInit({ name: 'he-uniform', mode: 'fan-out' }), heUniform({ mode: 'fan-out' }));
    sameAs(parseInit('ones'), constant(1));
  });

  it('builds the same initialiser as the factory for each option-carrying spec', () => {
    sameAs(parseInit({ name: 'normal', std: 2, mean: 1 }), normal(2, 1));
    sameAs(parseInit({ name: 'orthogonal', gain: 3 }), orthogonal(3));
    sameAs(parseInit({ name: 'sparse', k: 2, std: 0.5 }), sparse(2, 0.5));
    sameAs(parseInit('he-normal'), heNormal());
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    parseInit({ name: 'lstm-forget', hidden: 2 })(a, 1, 8, new Rng(0));
    lstmForgetBias({ hidden: 2 })(b, 1, 8, new Rng(0));
    expect(a).toEqual(b);
  });

  it('parses every canonical name with its required options and runs it', () => {
    const required: Record<string, Record<string, unknown>> = {
      constant: { value: 2 },
      'softmax-marginal': { marginals: [0.25, 0.75] },
      'lstm-forget': { hidden: 1 },
    };
    for (const name of INIT_NAMES) {
      const spec = parseInitSpec({ name, ...required[name] });
      expect(spec.name).toBe(name);
      const bias = name === 'softmax-marginal' || name === 'lstm-forget';
      const [r, c] = bias ? [1, name === 'lstm-forget' ? 4 : 2] : [5, 5];
      const w = sample(initializerFromSpec(spec), r, c, new Rng(1));
      expect(w.every(Number.isFinite)).toBe(true);
    }
  });

  it('a parsed spec round-trips through JSON', () => {
    const spec = parseInitSpec({ name: 'lstm-forget', hidden: 4, forget: 2 });
    expect(parseInitSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('reports bad specs with the field and value', () => {
    expect(() => parseInitSpec({ name: 'glorot' })).toThrow(/unknown initialiser "glorot"/);
    expect(() => parseInitSpec('he-norml')).toThrow(/"he-norml" \(did you mean he-normal\?\)/);
    expect(() => parseInitSpec({ name: 'normal', sd: 1 })).toThrow(
      /init spec 'normal': unknown option sd \(did you mean std\?\)/,
    );
    expect(() => parseInitSpec({ name: 'he-normal', gain: 2 })).toThrow(/unknown option gain/);
    expect(() => parseInitSpec({ name: 'constant' })).toThrow(
      "init spec 'constant': option value is required",
    );
    expect(() => parseInitSpec({ std: 1 })).toThrow(/missing 'name'/);
    expect(() => parseInitSpec({ name: 3 })).toThrow(TypeError);
    expect(() => parseInitSpec(null)).toThrow(TypeError);
    expect(() => parseInitSpec(['normal'])).toThrow(TypeError);
    expect(() => parseInitSpec(-0.1)).toThrow(/weight_init_std.*-0.1/);
    expect(() => parseInitSpec({ name: 'normal', std: -1 })).toThrow(RangeError);
    expect(() => parseInitSpec({ name: 'normal', std: -1 })).toThrow(/option std.*-1/);
    expect(() => parseInitSpec({ name: 'normal', std: '0.1' })).toThrow(
      /option std must be a number, got "0.1"/,
    );
    expect(() => parseInitSpec({ name: 'sparse', k: 0 })).toThrow(/option k/);
    expect(() => parseInitSpec({ name: 'he-normal', mode: 'fan-avg' })).toThrow(/option mode/);
    expect(() => parseInitSpec({ name: 'softmax-marginal', marginals: [1, -1] })).toThrow(
      /option marginals\.1 must be a number > 0, got -1/,
    );
  });
});
