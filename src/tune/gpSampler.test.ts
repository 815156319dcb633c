/**
 * GP-EI with trials in flight (the constant liar, CL-min): a pending point
 * makes the sampler propose elsewhere; with nothing pending it proposes what
 * the sequential algorithm proposes.
 */
import { describe, expect, it } from 'vitest';
import { gpSampler } from './gpSampler.js';
import { type FinishedTrial, randomSampler } from './sampler.js';
import { compileSpace, toUnit } from './space.js';
import { branin } from './testObjectives.js';

const space = compileSpace(branin.space);
const finished: FinishedTrial[] = Array.from({ length: 12 }, (_, k) => {
  const params = randomSampler().sample({ space, number: k, seed: 3, nTrials: 20, finished: [] });
  return { number: k, params, value: branin.evaluate(params, null as never) as number };
});
const dist = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const ua = toUnit(space, a as never);
  const ub = toUnit(space, b as never);
  return Math.hypot(...Array.from(ua, (v, i) => v - ub[i]!));
};

describe('gp sampler with trials in flight', () => {
  const ctx = { space, number: 12, seed: 3, nTrials: 20, finished };

  it('proposes the sequential point when nothing is pending (and an empty pending list changes nothing)', () => {
    const a = gpSampler().sample(ctx);
    const b = gpSampler().sample({ ...ctx, pending: [] });
    expect(b).toEqual(a);
  });

  it('proposes away from a trial another worker is running', () => {
    const next = gpSampler().sample(ctx);
    const withPending = gpSampler().sample({ ...ctx, pending: [next] });
    // The point in flight would be proposed again without the lie; with it, EI there is ~0.
    expect(dist(withPending, next)).toBeGreaterThan(0.02);
    // A worker after that one, with both in flight, avoids both.
    const third = gpSampler().sample({ ...ctx, pending: [next, withPending] });
    expect(dist(third, next)).toBeGreaterThan(0.02);
    expect(dist(third, withPending)).toBeGreaterThan(0.02);
  });
});
