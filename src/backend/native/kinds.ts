/** Kind names in the order of the addon's enums (native/src/elementwise.cc, fused.cc). */
import type { FusedActivation } from '../fused.js';
import type { BinaryKind, UnaryKind } from '../types.js';

export const UNARY_KINDS: readonly UnaryKind[] = [
  'neg',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sign',
  'tanh',
  'sigmoid',
  'relu',
  'step',
  'softplus',
  'square',
  'reciprocal',
];

export const BINARY_KINDS: readonly BinaryKind[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'gt',
  'ge',
  'lt',
  'le',
  'eq',
  'ne',
];

export const ACTIVATIONS: readonly FusedActivation[] = ['identity', 'relu', 'sigmoid', 'tanh'];

function indexOf<K extends string>(list: readonly K[]): Record<K, number> {
  return Object.fromEntries(list.map((k, i) => [k, i])) as Record<K, number>;
}

export const UNARY_INDEX = indexOf(UNARY_KINDS);
export const BINARY_INDEX = indexOf(BINARY_KINDS);
export const ACTIVATION_INDEX = indexOf(ACTIVATIONS);
