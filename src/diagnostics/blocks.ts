/**
 * Per-layer (block) diagnostics through parameter masks. A block is a 0/1 mask
 * P over θ; its Hessian is v ↦ P H P v, i.e. the principal submatrix
 * H[block, block] (the curvature seen when only that layer moves). Block
 * eigenvalues interlace with those of H (Cauchy), and the block traces of a
 * partition of θ sum to tr H.
 */
import { mlpParamCount } from '../objectives/problems.js';
import { type Objective, requireHvp } from '../objectives/types.js';
import { type HessianSpectrum, hessianSpectrum, type SpectrumOptions } from './spectrum.js';

export interface ParameterBlock {
  name: string;
  /** 1 on the block's coordinates of θ. */
  mask: Uint8Array;
}

/** A mask of length n selecting [start, start + length). */
export function rangeMask(n: number, start: number, length: number): Uint8Array {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`rangeMask: n must be a positive integer, got ${n}`);
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(length) ||
    start < 0 ||
    length < 1 ||
    start + length > n
  ) {
    throw new RangeError(
      `rangeMask: [${start}, ${start + length}) must be a non-empty range inside [0, ${n})`,
    );
  }
  const m = new Uint8Array(n);
  m.fill(1, start, start + length);
  return m;
}

/**
 * The blocks of an MLP's parameter vector (docs/commands.md layout: W₁, b₁, W₂, b₂, …):
 * one per layer ('layer', default, names "layer1", …) or separate weights and
 * biases ('weights-biases', names "W1", "b1", …).
 */
export function mlpBlocks(
  sizes: readonly number[],
  split: 'layer' | 'weights-biases' = 'layer',
): ParameterBlock[] {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RangeError(
      `mlpBlocks: sizes must be at least 2 positive integers, got [${sizes.join(', ')}]`,
    );
  }
  if (split !== 'layer' && split !== 'weights-biases')
    throw new RangeError(
      `mlpBlocks: split must be 'layer' or 'weights-biases', got ${String(split)}`,
    );
  const n = mlpParamCount(sizes);
  const blocks: ParameterBlock[] = [];
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const w = sizes[l - 1]! * sizes[l]!;
    const b = sizes[l]!;
    if (split === 'layer') blocks.push({ name: `layer${l}`, mask: rangeMask(n, off, w + b) });
    else
      blocks.push(
        { name: `W${l}`, mask: rangeMask(n, off, w) },
        { name: `b${l}`, mask: rangeMask(n, off + w, b) },
      );
    off += w + b;
  }
  return blocks;
}

export interface BlockSpectrum extends HessianSpectrum {
  name: string;
  /** Number of parameters in the block. */
  size: number;
}

/** `hessianSpectrum` of each block's P H P (extreme eigenvalues and trace per layer). */
export function blockSpectra(
  objective: Objective,
  x: ArrayLike<number>,
  blocks: readonly ParameterBlock[],
  options: SpectrumOptions = {},
): BlockSpectrum[] {
  requireHvp(objective, 'blockSpectra');
  return blocks.map((b) => {
    let size = 0;
    for (let i = 0; i < b.mask.length; i++) if (b.mask[i]) size++;
    return { name: b.name, size, ...hessianSpectrum(objective, x, { ...options, mask: b.mask }) };
  });
}
