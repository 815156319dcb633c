import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { count, decay, hyper, OptionError, parseOptions, positive } from './index.js';

const schema = z.strictObject({
  lr: hyper(positive()).default(1e-3),
  beta: decay().default(0.9),
  steps: count().optional(),
  mode: z.enum(['a', 'b']).default('a'),
  inner: z.strictObject({ eps: positive().default(1e-8) }).default({ eps: 1e-8 }),
});

describe('parseOptions', () => {
  it('fills defaults and keeps given values', () => {
    expect(parseOptions('t', schema, undefined)).toEqual({
      lr: 1e-3,
      beta: 0.9,
      mode: 'a',
      inner: { eps: 1e-8 },
    });
    const f = (k: number) => 1 / (k + 1);
    expect(parseOptions('t', schema, { lr: f, steps: 3 }).lr).toBe(f);
  });
  it('names the entry point, the option, the allowed range and the value', () => {
    expect(() => parseOptions('adam', schema, { beta: 1 })).toThrow(
      'adam: option beta must be a number < 1, got 1',
    );
    expect(() => parseOptions('adam', schema, { lr: -1 })).toThrow(/^adam: option lr .*got -1$/);
    expect(() => parseOptions('adam', schema, { steps: 1.5 })).toThrow('adam: option steps');
    expect(() => parseOptions('adam', schema, { mode: 'c' })).toThrow(
      'adam: option mode must be one of a, b, got "c"',
    );
    expect(() => parseOptions('adam', schema, { inner: { eps: 0 } })).toThrow(
      'adam: option inner.eps must be a number > 0, got 0',
    );
  });
  it('names a missing required option', () => {
    const req = z.strictObject({ lr: hyper(positive()), n: count() });
    expect(() => parseOptions('sgd', req, { n: 1 })).toThrow('sgd: option lr is required');
    expect(() => parseOptions('sgd', req, { lr: 1 })).toThrow('sgd: option n is required');
  });
  it('checks a schedule at k = 0', () => {
    expect(() => parseOptions('adam', schema, { lr: () => -1 })).toThrow(/adam: option lr/);
  });
  it('suggests the nearest known option for a misspelt one', () => {
    expect(() => parseOptions('adam', schema, { lrr: 1 })).toThrow(
      'adam: unknown option lrr (did you mean lr?)',
    );
    expect(() => parseOptions('adam', schema, { inner: { esp: 1 } })).toThrow(
      'adam: unknown option esp (did you mean eps?) in inner',
    );
  });
  it('throws an OptionError (a RangeError) carrying where and which option', () => {
    try {
      parseOptions('adam', schema, { beta: -0.5 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OptionError);
      expect(e).toBeInstanceOf(RangeError);
      expect((e as OptionError).where).toBe('adam');
      expect((e as OptionError).option).toBe('beta');
    }
  });
});
