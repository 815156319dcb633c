/**
 * The `"schedule"` JSON spec of docs/commands.md: a strict zod schema per
 * schedule, REUSING the library's schemas of optim/schedules.ts (fields and
 * defaults written once), and `scheduleFromSpec`.
 */
import { z } from 'zod';
import {
  constant,
  cosine,
  cosineSchema,
  exponential,
  exponentialSchema,
  linearDecay,
  linearDecaySchema,
  multiStep,
  multiStepSchema,
  oneCycle,
  oneCycleSchema,
  polynomial,
  polynomialSchema,
  type Schedule,
  stepDecay,
  stepDecaySchema,
  warmup,
  warmupSchema,
} from '../optim/index.js';

const nonneg = () => z.number().nonnegative();

/** The schedules' specs REUSE the library's schemas (fields and defaults written once, in optim/schedules.ts). */
const sched = <N extends string, F extends z.ZodRawShape>(name: N, fields: F) =>
  z.strictObject({ name: z.literal(name), ...fields });

const baseSchedules = [
  sched('linear-decay', linearDecaySchema.shape),
  sched('constant', { value: nonneg() }),
  sched('step', stepDecaySchema.shape),
  sched('multi-step', multiStepSchema.shape),
  sched('exponential', exponentialSchema.shape),
  sched('polynomial', polynomialSchema.shape),
  sched('cosine', cosineSchema.shape),
  sched('one-cycle', oneCycleSchema.shape),
] as const;

const baseScheduleSchema = z.discriminatedUnion('name', [...baseSchedules]);

export const scheduleSchema = z.discriminatedUnion('name', [
  ...baseSchedules,
  sched('warmup', { ...warmupSchema.shape, after: baseScheduleSchema }),
]);

export type ScheduleSpec = z.output<typeof scheduleSchema>;
export type ScheduleSpecInput = z.input<typeof scheduleSchema>;

/** Builds the pure schedule of a (validated or raw) schedule spec. */
export function scheduleFromSpec(spec: ScheduleSpecInput): Schedule {
  const s = scheduleSchema.parse(spec);
  return buildSchedule(s);
}

function buildSchedule(s: ScheduleSpec | z.output<typeof baseScheduleSchema>): Schedule {
  switch (s.name) {
    case 'linear-decay':
      return linearDecay(bare(s));
    case 'constant':
      return constant(s.value);
    case 'step':
      return stepDecay(bare(s));
    case 'multi-step':
      return multiStep(bare(s));
    case 'exponential':
      return exponential(bare(s));
    case 'polynomial':
      return polynomial(bare(s));
    case 'cosine':
      return cosine(bare(s));
    case 'one-cycle':
      return oneCycle(bare(s));
    case 'warmup':
      return warmup({ steps: s.steps, start: s.start }, buildSchedule(s.after));
  }
}

/** A validated spec without its `name`: the library's options. */
function bare<T extends { name: string }>(s: T): Omit<T, 'name'> {
  const { name: _n, ...rest } = s;
  return rest;
}
