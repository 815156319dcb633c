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
import { z } from 'zod';
import { leakyRelu, relu, sigmoid, softplus, tanh } from '../autodiff/index.js';
import { parseOptions } from '../options/index.js';
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

/**
 * An activation as an object: `name`, and `alpha`, the slope of leaky relu for
 * x < 0, in [0, 1) [0.01]. A bare name string means `{ name }`.
 */
export const activationOptions = z.strictObject({
  name: z.enum(ACTIVATION_NAMES as [ActivationName, ...ActivationName[]]),
  alpha: z.number().min(0).lt(1).default(0.01),
});

/**
 * Validates an activation spec (a name, case-insensitive, '_' read as '-', or
 * {name, alpha}) into its filled form; an OptionError naming the bad value otherwise.
 */
export function parseActivation(spec: unknown, where = 'activation'): ActivationConfig {
  if (typeof spec === 'string') {
    return parseOptions(where, activationOptions, { name: spec.toLowerCase().replace('_', '-') });
  }
  if (spec === null || typeof spec !== 'object') {
    throw new TypeError(
      `${where}: expected an activation name or {name: 'leaky-relu', alpha}, got ${JSON.stringify(spec)}`,
    );
  }
  return parseOptions(where, activationOptions, spec);
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
