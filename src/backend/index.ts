import { jsBackend } from './js.js';
import type { Backend } from './types.js';

export { jsBackend } from './js.js';
export { matmulNaive } from './matmul.js';
export type { Backend, BinaryKind, UnaryKind } from './types.js';

let current: Backend = jsBackend;

/** The backend every operation computes with. */
export function backend(): Backend {
  return current;
}

/** Replace the backend (for example with a WebAssembly one); returns the previous. */
export function setBackend(b: Backend): Backend {
  const prev = current;
  current = b;
  return prev;
}
