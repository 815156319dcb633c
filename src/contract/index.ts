/**
 * contract/ — the JSON contract of docs/commands.md as library code: the zod
 * schemas of the `"optimizer"`, `"schedule"` and `"clip"` specs, the builders
 * that turn a spec into an optimizer or a schedule, `runTrace` (what
 * `optlab trace` runs) and the `minimize` spec. Browser-safe; above optim and
 * solvers, below train and the CLI.
 */
export {
  type ClipSpec,
  type ClipSpecInput,
  clipSchema,
  type FromSpecOptions,
  type OptimizerSpec,
  type OptimizerSpecInput,
  optimizerFromSpec,
  optimizerSchema,
  specErrorMessage,
  type TraceSpec,
  type TraceSpecInput,
  traceSpecSchema,
  traceSpecShape,
} from './optimizer.js';
export {
  type ScheduleSpec,
  type ScheduleSpecInput,
  scheduleFromSpec,
  scheduleSchema,
} from './schedule.js';
export {
  methodAndOptionsSchema,
  methodSchema,
  minimizeSpecSchema,
  optionSchemas,
  toMinimizeOptions,
} from './solver.js';
export { runTrace, type TraceResult } from './trace.js';
