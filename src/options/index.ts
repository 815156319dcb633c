export { closest, OptionError, optionError, parseOptions } from './parse.js';
export {
  type CallbackResult,
  count,
  decay,
  finite,
  hyper,
  index,
  nonnegative,
  positive,
  schedule,
  seed,
  unit,
  vector,
} from './schemas.js';
