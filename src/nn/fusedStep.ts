/**
 * The fused forward pass and loss of a first-order training step
 * (`Model.forwardBackward`): the same function as the network and loss, with
 * fewer tape nodes and passes over memory.
 *
 * - `fusedForward(net)`: for a Sequential (nested ones too), each Linear with a
 *   bias followed directly by a relu, sigmoid or tanh Activation runs as
 *   `matmul` + ONE `biasActivation` node instead of `matmul`, `add` and the
 *   activation. Values and gradients are the same bits as the unfused layers
 *   (see autodiff/ops/fused.ts). Every other module runs its own `forward`.
 *   Null when there is nothing to fuse.
 * - `fusedLoss(loss)`: softmax cross-entropy against class labels becomes the
 *   one-node `softmaxCrossEntropyLoss` (loss and ∂J/∂z from one kernel; a few
 *   float32 ulps from the composite, which rounds after each op). Other losses
 *   and targets are unchanged.
 *
 * Used only where first derivatives are taken: `flatFunction`, objectives and
 * diagnostics keep the composite graph that Hessian-vector products were
 * validated on.
 */
import { biasActivation, matmul, softmaxCrossEntropyLoss } from '../autodiff/index.js';
import type { FusedActivation } from '../backend/fused.js';
import type { Tensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import { Activation } from './activations.js';
import { Linear } from './linear.js';
import type { LossFunction, LossName } from './losses.js';
import type { ForwardContext, Module } from './module.js';
import { Sequential } from './sequential.js';

type Forward = (x: Tensor, ctx: ForwardContext) => Tensor;

const FUSIBLE: Partial<Record<string, FusedActivation>> = {
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
};

/** y = f(x W + b) as matmul + one biasActivation node (the checks of Linear.forward). */
function linearActivation(lin: Linear, act: FusedActivation): Forward {
  const b = lin.b!;
  return (x, ctx) => {
    if (x.rank !== 2 || x.shape[1] !== lin.inFeatures) {
      throw new RangeError(
        `Linear '${lin.name}': input must be [m, ${lin.inFeatures}], got ${formatShape(x.shape)}`,
      );
    }
    return biasActivation(matmul(x, ctx.param(lin.W)), ctx.param(b), act);
  };
}

/** The stages of a Sequential with Linear+activation pairs fused; null when none fuse. */
function sequentialStages(seq: Sequential): Forward[] | null {
  const stages: Forward[] = [];
  let fused = false;
  const layers = seq.layers;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    const next = layers[i + 1];
    const act =
      next !== undefined && next.constructor === Activation
        ? FUSIBLE[(next as Activation).config.name]
        : undefined;
    if (l.constructor === Linear && (l as Linear).b !== null && act !== undefined) {
      stages.push(linearActivation(l as Linear, act));
      fused = true;
      i++;
      continue;
    }
    const inner = l.constructor === Sequential ? sequentialStages(l as Sequential) : null;
    if (inner !== null) {
      stages.push(chain(inner));
      fused = true;
    } else stages.push((x, ctx) => l.forward(x, ctx));
  }
  return fused ? stages : null;
}

function chain(stages: readonly Forward[]): Forward {
  return (x, ctx) => {
    let a = x;
    for (const s of stages) a = s(a, ctx);
    return a;
  };
}

/** The network's forward pass with Linear+activation pairs fused, or null when none fuse. */
export function fusedForward(net: Module): Forward | null {
  if (net.constructor !== Sequential) return null;
  const stages = sequentialStages(net as Sequential);
  return stages === null ? null : chain(stages);
}

/** The loss of a training step: softmax cross-entropy on labels fused, everything else as given. */
export function fusedLoss(name: LossName | 'custom', loss: LossFunction): LossFunction {
  if (name !== 'softmax-cross-entropy') return loss;
  return (out, y) => (y instanceof Int32Array ? softmaxCrossEntropyLoss(out, y) : loss(out, y));
}
