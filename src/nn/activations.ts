/**
 * Element-wise nonlinearities as modules:
 * - relu(x) = max(0, x)
 * - sigmoid(x) = 1 / (1 + e^{−x})
 * - tanh(x)
 * - leaky relu(x) = max(x, αx), α default 0.01
 * - softplus(x) = log(1 + eˣ)
 * - identity(x) = x
 * Each is the engine's differentiable op, so it is twice differentiable (relu
 * and leaky relu piecewise).
 */
import { leakyRelu, relu, sigmoid, softplus, tanh } from '../autodiff/index.js';
import type { Tensor } from '../tensor/index.js';
import type { ForwardContext, Module } from './module.js';

export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'leaky-relu' | 'softplus' | 'identity';

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'relu',
  'sigmoid',
  'tanh',
  'leaky-relu',
  'softplus',
  'identity',
];

/** An activation by name, or leaky relu with its slope. */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

/** A validated activation: its name and (for leaky relu) slope. */
export interface ActivationConfig {
  name: ActivationName;
  alpha: number;
}

/** Validates an activation spec (TypeError/RangeError naming the bad value). */
export function parseActivation(spec: unknown, where = 'activation'): ActivationConfig {
  if (typeof spec === 'string') {
    const name = spec.toLowerCase().replace('_', '-') as ActivationName;
    if (ACTIVATION_NAMES.includes(name)) return { name, alpha: 0.01 };
    throw new RangeError(
      `${where}: unknown activation ${JSON.stringify(spec)}; expected one of ${ACTIVATION_NAMES.join(', ')}`,
    );
  }
  if (spec !== null && typeof spec === 'object') {
    const { name, alpha = 0.01, ...rest } = spec as { name?: unknown; alpha?: unknown };
    const extra = Object.keys(rest);
    if (typeof name !== 'string' || !ACTIVATION_NAMES.includes(name as ActivationName)) {
      throw new RangeError(
        `${where}: unknown activation ${JSON.stringify(name)}; expected one of ${ACTIVATION_NAMES.join(', ')}`,
      );
    }
    if (extra.length > 0)
      throw new RangeError(`${where}: unknown option '${extra[0]}' for ${name}; allowed: alpha`);
    if (typeof alpha !== 'number' || !(alpha >= 0 && alpha < 1)) {
      throw new RangeError(
        `${where}: leaky-relu alpha must be a number in [0, 1), got ${String(alpha)}`,
      );
    }
    return { name: name as ActivationName, alpha };
  }
  throw new TypeError(
    `${where}: expected an activation name or {name: 'leaky-relu', alpha}, got ${JSON.stringify(spec)}`,
  );
}

/** The function of a validated activation. */
export function activationFunction(a: ActivationConfig): (x: Tensor) => Tensor {
  switch (a.name) {
    case 'relu':
      return relu;
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return tanh;
    case 'softplus':
      return softplus;
    case 'identity':
      return (x) => x;
    case 'leaky-relu': {
      const alpha = a.alpha;
      return (x) => leakyRelu(x, alpha);
    }
  }
}

/** An activation layer (no parameters). */
export class Activation implements Module {
  readonly name: string;
  readonly config: ActivationConfig;
  private readonly fn: (x: Tensor) => Tensor;

  constructor(name: string, spec: ActivationSpec) {
    this.name = name;
    this.config = parseActivation(spec, `Activation '${name}'`);
    this.fn = activationFunction(this.config);
  }

  forward(x: Tensor, _ctx: ForwardContext): Tensor {
    return this.fn(x);
  }

  children(): readonly Module[] {
    return [];
  }
}
