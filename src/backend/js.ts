/** The plain TypeScript backend. */
import { binary, reduce, unary } from './elementwise.js';
import { matmul } from './matmul.js';
import { jsOptimKernels } from './optimReference.js';
import type { Backend } from './types.js';

export const jsBackend: Backend = {
  name: 'js',
  matmul,
  unary,
  binary,
  reduce,
  optim: jsOptimKernels,
};
