/**
 * Experiment 6 — gradient check of a batch-normalised network (DLFS §5.7 and
 * `ch06/batch_norm_gradient_check.py`): backpropagation against central
 * differences
 *
 *   ∂J/∂θᵢ ≈ (J(θ + h eᵢ) − J(θ − h eᵢ)) / 2h,   h = 1e-4,
 *
 * for DLFS's gradient-check network (784-100-100-10, Affine → BatchNorm → ReLU,
 * the Affine bias kept as DLFS does) on a batch of 4 images, in float64. DLFS
 * checks a batch of ONE image, where batch norm degenerates (σ² = 0, every
 * normalised value 0); a batch ≥ 2 and random γ, β (instead of 1 and 0) make
 * every term of the BN backward pass count.
 *
 * J is the training-mode loss (batch statistics μ, σ² of the batch itself), so
 * the derivative runs through μ and σ² — the point of Ioffe & Szegedy and of
 * *Deep Learning* §8.7.1. The Affine bias in front of BN gets exactly zero
 * gradient (BN subtracts the batch mean, so b cancels: β makes it redundant,
 * CORRECTIONS #10); its check is |g| ≈ 0 by both methods.
 *
 * Per parameter group: max and median of the relative error
 * |g_bp − g_fd| / max(|g_bp| + |g_fd|, 1e-5) over the checked coordinates, and
 * DLFS's mean |g_bp − g_fd|. The full form checks up to 2000 coordinates per
 * group (every coordinate of the smaller groups), the quick form 30.
 */
import { sortedAscending, upperMedian } from '../linalg/index.js';
import { mlp } from '../nn/index.js';
import { barChartSpec } from '../report/index.js';
import { tensor } from '../tensor/index.js';
import { firstRows, fx, loadMnist } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const H = 1e-4;
const FLOOR = 1e-5;
const BATCH = 4;

interface GroupResult {
  name: string;
  kind: string;
  size: number;
  checked: number;
  maxRel: number;
  medianRel: number;
  meanAbs: number;
  maxAbsBp: number;
  maxAbsFd: number;
  /** Coordinates whose backprop gradient is exactly 0 (not sampled unless all are). */
  zeros: number;
}

// ---- Compute

/** The batch, the network with random γ, β and biases, J(θ) and the backprop gradient at θ. */
function setUp(ctx: ExperimentContext) {
  const data = loadMnist(ctx);
  const batch = firstRows(data.train, BATCH, 'batchnorm-gradcheck');
  const model = mlp({
    sizes: [batch.features, 100, 100, 10],
    activation: 'relu',
    init: 'he',
    batchNorm: 'before',
    biasBeforeBatchNorm: true,
    seed: ctx.rng.int(2 ** 31),
  });
  const theta = model.theta;
  // random γ, β (and biases) so that no term of the backward pass is trivially 1 or 0
  for (const p of model.params.list) {
    for (let i = p.offset; i < p.offset + p.size; i++) {
      if (p.kind === 'gamma') theta[i] = ctx.rng.uniformIn(0.5, 1.5);
      else if (p.kind === 'beta') theta[i] = 0.5 * ctx.rng.normal();
      else if (p.kind === 'bias') theta[i] = 0.1 * ctx.rng.normal();
    }
  }
  const x = tensor(Float64Array.from(batch.x), { shape: [BATCH, batch.features] });
  const y = batch.y;
  model.train();
  const J = () => model.evaluate(x, y, { training: true }).loss;
  model.lossAndGrad(x, y);
  const gBp = Float64Array.from(model.grad);
  const loss0 = J();
  return { data, batch, model, theta, J, gBp, loss0 };
}

type SetUp = ReturnType<typeof setUp>;

/** Central differences on up to `perGroup` coordinates of each parameter group, against backprop. */
function centralDifferences(ctx: ExperimentContext, d: SetUp, perGroup: number) {
  const { model, theta, J, gBp } = d;
  const groups: GroupResult[] = [];
  const coords: {
    group: string[];
    index: number[];
    backprop: number[];
    numeric: number[];
    rel: number[];
  } = {
    group: [],
    index: [],
    backprop: [],
    numeric: [],
    rel: [],
  };
  // Coordinates with a non-zero backprop gradient (a pixel that is 0 in every
  // image of the batch gives exactly 0 both ways, which tests nothing); all
  // coordinates where the whole group is zero (the biases before BN).
  const plan = model.params.list.map((p) => {
    const all = Array.from({ length: p.size }, (_, i) => i);
    const nz = all.filter((i) => gBp[p.offset + i] !== 0);
    const pool = nz.length > 0 ? nz : all;
    const idx =
      pool.length <= perGroup
        ? pool
        : Array.from(ctx.rng.permutation(pool.length))
            .slice(0, perGroup)
            .map((j) => pool[j]!)
            .sort((a, b) => a - b);
    return { p, idx, zeros: p.size - nz.length };
  });
  ctx.progress.start(
    plan.reduce((s, g) => s + g.idx.length, 0),
    'central differences',
  );
  for (const { p, idx, zeros } of plan) {
    const rels: number[] = [];
    let absSum = 0;
    let maxBp = 0;
    let maxFd = 0;
    for (const i of idx) {
      const k = p.offset + i;
      const t = theta[k]!;
      theta[k] = t + H;
      const fp = J();
      theta[k] = t - H;
      const fm = J();
      theta[k] = t;
      const fd = (fp - fm) / (2 * H);
      const bp = gBp[k]!;
      const rel = Math.abs(bp - fd) / Math.max(Math.abs(bp) + Math.abs(fd), FLOOR);
      rels.push(rel);
      absSum += Math.abs(bp - fd);
      maxBp = Math.max(maxBp, Math.abs(bp));
      maxFd = Math.max(maxFd, Math.abs(fd));
      coords.group.push(p.name);
      coords.index.push(i);
      coords.backprop.push(bp);
      coords.numeric.push(fd);
      coords.rel.push(rel);
      ctx.progress.tick(1, p.name);
    }
    const sorted = sortedAscending(rels);
    groups.push({
      name: p.name,
      kind: p.kind,
      size: p.size,
      checked: idx.length,
      maxRel: sorted[sorted.length - 1]!,
      medianRel: upperMedian(sorted),
      meanAbs: absSum / idx.length,
      maxAbsBp: maxBp,
      maxAbsFd: maxFd,
      zeros,
    });
  }
  ctx.progress.stop();
  return { groups, coords };
}

/** The Affine biases directly followed by BN (zero gradient), the other groups, and the worst of those. */
function classify(model: SetUp['model'], groups: GroupResult[]) {
  // Affine biases directly followed by BN: b cancels in H − μ, so ∂J/∂b = 0.
  // Names: layer{i}.b is followed by bn{i} (batchNorm 'before').
  const bnLayers = new Set(
    model.params.list
      .filter((q) => q.kind === 'gamma')
      .map((q) => q.name.split('.')[0]!.replace('bn', '')),
  );
  const redundant = groups.filter(
    (g) => g.kind === 'bias' && bnLayers.has(g.name.split('.')[0]!.replace('layer', '')),
  );
  const live = groups.filter((g) => !redundant.includes(g));
  const worst = live.reduce((a, b) => (b.maxRel > a.maxRel ? b : a));
  return { redundant, live, worst };
}

type Outcome = ReturnType<typeof classify>;

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { redundant, live, worst } = o;
  return [
    {
      name: 'backprop matches central differences in every group',
      // A step of h = 1e-4 can cross a ReLU kink for the few coordinates whose
      // pre-activations lie within ~h of 0; there the difference quotient itself
      // is off at the 1e-5 level (CS231n's rule: < 1e-4 is fine with kinks, a
      // wrong gradient shows as 1e-2 or worse). The median check below holds the
      // typical coordinate to truncation level.
      expected:
        'max relative error < 1e-4 in each parameter group (kinks crossed by h allow more than the O(h²) ≈ 1e-8 of smooth coordinates)',
      observed: `worst: ${worst.name} ${worst.maxRel.toExponential(2)}; ${live.map((g) => `${g.name} ${g.maxRel.toExponential(1)}`).join(', ')}`,
      passed: live.every((g) => g.maxRel < 1e-4),
    },
    {
      name: 'typical agreement is at truncation level',
      expected: 'median relative error < 1e-7 in each group',
      observed: live.map((g) => `${g.name} ${g.medianRel.toExponential(1)}`).join(', '),
      passed: live.every((g) => g.medianRel < 1e-7),
    },
    {
      name: 'the gradients are not trivially zero',
      expected: 'max |∂J/∂θ| > 1e-4 in every γ, β and weight group',
      observed: live.map((g) => `${g.name} ${g.maxAbsBp.toExponential(1)}`).join(', '),
      passed: live.every((g) => g.maxAbsBp > 1e-4),
    },
    {
      name: 'the Affine bias before BN has zero gradient (β makes it redundant)',
      expected:
        'max |g| < 1e-9 by backprop and by central differences, for every bias followed by BN',
      observed:
        redundant
          .map(
            (g) =>
              `${g.name}: backprop ${g.maxAbsBp.toExponential(1)}, numeric ${g.maxAbsFd.toExponential(1)}`,
          )
          .join('; ') || 'no such bias',
      passed:
        redundant.length > 0 && redundant.every((g) => g.maxAbsBp < 1e-9 && g.maxAbsFd < 1e-9),
    },
  ];
}

// ---- Tables and figures

function summaryOf(groups: GroupResult[], { redundant }: Outcome): ExperimentResult['summary'] {
  return groups.map((g) => ({
    group: g.name,
    kind: g.kind,
    size: g.size,
    'zero gradient': g.zeros,
    checked: g.checked,
    'max rel. error': redundant.includes(g) ? null : g.maxRel,
    'median rel. error': redundant.includes(g) ? null : g.medianRel,
    'mean |Δ| (DLFS)': g.meanAbs,
    'max |g| backprop': g.maxAbsBp,
    note: redundant.includes(g) ? 'bias before BN: zero gradient' : '',
  }));
}

function figuresOf({ live }: Outcome): ExperimentResult['figures'] {
  const names = live.map((g) => g.name);
  return [
    {
      name: 'relative-error',
      title: 'Relative error of backprop against central differences, per parameter group',
      caption: `Maximum and median over the checked coordinates of |g_bp − g_fd| / max(|g_bp| + |g_fd|, 1e-5), h = ${H}, float64, batch of ${BATCH}. The Affine biases in front of batch norm are left out: their gradient is zero both ways.`,
      spec: barChartSpec({
        title: 'Gradient check through batch norm (central differences, h = 1e-4)',
        subtitle: `784-100-100-10 with BN, batch of ${BATCH}, random γ and β; float64`,
        categories: [...names, ...names],
        values: [...live.map((g) => g.maxRel), ...live.map((g) => g.medianRel)],
        groups: [...names.map(() => 'max'), ...names.map(() => 'median')],
        xTitle: 'parameter group',
        yTitle: 'relative error (log scale)',
        logY: true,
        legend: 'top-right',
      }),
    },
  ];
}

export const batchnormGradcheck: Experiment = {
  name: 'batchnorm-gradcheck',
  title: 'Gradient check of a batch-normalised network',
  summary:
    'Backprop through batch norm against central differences (h = 1e-4), batch of 4, random γ and β',
  description:
    'Backpropagation through a batch-normalised network (DLFS’s gradient-check network 784-100-100-10, Affine → BatchNorm → ReLU, with the Affine bias it keeps) compared with central differences (J(θ + h eᵢ) − J(θ − h eᵢ))/2h, h = 1e-4, in float64, on a batch of 4 MNIST images (DLFS uses one image, for which batch norm degenerates) with γ ~ U(0.5, 1.5) and β ~ N(0, 0.5²) instead of 1 and 0. J is the training-mode loss, so the derivative runs through the batch mean and variance. Relative error per coordinate |g_bp − g_fd| / max(|g_bp| + |g_fd|, 1e-5); per parameter group its maximum and median, and DLFS’s mean absolute difference. Up to 2000 random coordinates with a non-zero gradient per group (all of the smaller groups; coordinates of pixels that are 0 in every image of the batch have exactly zero gradient and test nothing); the quick form checks 30 per group.',
  expected:
    'Backprop and central differences agree to the truncation error of the difference quotient (O(h²) ≈ 1e-8 relative) in every group; the Affine bias before BN has zero gradient both ways.',
  async run(ctx): Promise<ExperimentResult> {
    const perGroup = ctx.quick ? 30 : 2000;
    const d = setUp(ctx);
    const { data, batch, loss0 } = d;
    const { groups, coords } = centralDifferences(ctx, d, perGroup);
    const o = classify(d.model, groups);
    const { worst } = o;
    return {
      settings: {
        data: `the first ${BATCH} training images of the ${data.note}`,
        network: `${batch.features}-100-100-10, Affine (with bias) → BatchNorm → ReLU (DLFS gradient check)`,
        batchNorm: 'training mode (batch statistics), δ = 1e-8 (book preset)',
        gammaBeta: 'γ ~ U(0.5, 1.5), β ~ N(0, 0.5²), biases ~ N(0, 0.1²), weights He',
        h: H,
        dtype: 'float64',
        relativeError: `|g_bp − g_fd| / max(|g_bp| + |g_fd|, ${FLOOR})`,
        coordinatesPerGroup: `up to ${perGroup} with a non-zero backprop gradient (random; all of smaller groups)`,
        loss: loss0,
      },
      summary: summaryOf(groups, o),
      series: { coordinates: coords },
      checks: checksOf(o),
      figures: figuresOf(o),
      extra: { worst: { group: worst.name, maxRel: worst.maxRel }, lossAtTheta: fx(loss0, 6) },
    };
  },
};
