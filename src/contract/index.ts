/** The JSON contract of docs/commands.md: the schemas of the CLI's specs and what turns them into library calls. */
export {
  methodAndOptionsSchema,
  methodSchema,
  minimizeSpecSchema,
  optionSchemas,
  toMinimizeOptions,
} from './solver.js';
