/**
 * The 2-D problems of the playground: the CONTRACT problems of `optlab trace`
 * (so a race can be replayed on the command line) plus the cliff of Deep
 * Learning §8.2.4, which has no CONTRACT name and is built here from the
 * library's autodiff operations (the same loss as the cliff-clipping
 * experiment).
 */
import { ad, objectives, type Tensor } from 'optlab/core';

export type ProblemId =
  | 'bowl'
  | 'rosenbrock'
  | 'beale'
  | 'himmelblau'
  | 'saddle'
  | 'cliff'
  | 'ill-conditioned';

export interface ProblemInfo {
  label: string;
  /** The `problem` of an `optlab trace` spec (null: not a CONTRACT problem). */
  spec: objectives.ProblemSpec | null;
  x: [number, number];
  y: [number, number];
  start: [number, number];
  minimum: [number, number] | null;
  steps: number;
  /** Learning rates that make a readable picture here (the DLFS ones on the bowl). */
  lr: Record<string, number>;
  /** Levels are spaced on log(1 + f − fmin) when true (deep valleys). */
  logLevels: boolean;
  book: string;
}

const ADAPTIVE = {
  adagrad: 1.5,
  rmsprop: 0.1,
  adadelta: 1,
  adam: 0.3,
  adamw: 0.3,
  nadam: 0.3,
  radam: 0.3,
  adamax: 0.3,
  lion: 0.1,
};

/** Step sizes for the curved valleys (Rosenbrock, Beale): small for the plain methods, larger for the adaptive ones. */
const VALLEY_LR = {
  sgd: 0.001,
  momentum: 0.0005,
  nesterov: 0.0005,
  'delta-bar-delta': 0.001,
  adagrad: 0.5,
  rmsprop: 0.01,
  adadelta: 1,
  adam: 0.05,
  adamw: 0.05,
  nadam: 0.05,
  radam: 0.05,
  adamax: 0.05,
  lion: 0.01,
};

export const PROBLEMS: Record<ProblemId, ProblemInfo> = {
  bowl: {
    label: 'DLFS bowl: x²/20 + y²',
    spec: { name: 'bowl' },
    x: [-10, 10],
    y: [-5, 5],
    start: [-7, 2],
    minimum: [0, 0],
    steps: 30,
    lr: { sgd: 0.95, momentum: 0.1, nesterov: 0.1, 'delta-bar-delta': 0.1, ...ADAPTIVE },
    logLevels: false,
    book: 'DLFS figs 6-3 – 6-8',
  },
  rosenbrock: {
    label: 'Rosenbrock: (1 − x)² + 100 (y − x²)²',
    spec: { name: 'rosenbrock' },
    x: [-2, 2],
    y: [-1, 3],
    start: [-1.2, 1],
    minimum: [1, 1],
    steps: 300,
    lr: VALLEY_LR,
    logLevels: true,
    book: 'DL §8.6 (second-order methods on a curved valley)',
  },
  beale: {
    label: 'Beale',
    spec: { name: 'beale' },
    x: [-0.5, 4.5],
    y: [-1.5, 2.25],
    start: [1, 1.5],
    minimum: [3, 0.5],
    steps: 300,
    lr: VALLEY_LR,
    logLevels: true,
    book: 'a standard test function with flat plateaus and narrow valleys',
  },
  himmelblau: {
    label: 'Himmelblau: four minima',
    spec: { name: 'himmelblau' },
    x: [-5, 5],
    y: [-5, 5],
    start: [0, 0],
    minimum: [3, 2],
    steps: 100,
    lr: {
      sgd: 0.01,
      momentum: 0.002,
      nesterov: 0.002,
      'delta-bar-delta': 0.01,
      adagrad: 1,
      rmsprop: 0.05,
      adadelta: 1,
      adam: 0.2,
      adamw: 0.2,
      nadam: 0.2,
      radam: 0.2,
      adamax: 0.2,
      lion: 0.05,
    },
    logLevels: true,
    book: 'DL §8.2.2 (local minima)',
  },
  saddle: {
    label: 'Saddle: x² − y²',
    spec: { name: 'saddle' },
    x: [-2, 2],
    y: [-2, 2],
    start: [1.8, 0.01],
    minimum: null,
    steps: 40,
    lr: {
      sgd: 0.1,
      momentum: 0.02,
      nesterov: 0.02,
      'delta-bar-delta': 0.1,
      ...ADAPTIVE,
      adagrad: 0.3,
      adam: 0.1,
      adamw: 0.1,
      nadam: 0.1,
      radam: 0.1,
      adamax: 0.1,
      lion: 0.05,
    },
    logLevels: false,
    book: 'DL §8.2.3 (saddle points: Newton is attracted, gradient descent escapes)',
  },
  cliff: {
    label: 'Cliff: a 50-step recurrent unit',
    spec: null,
    x: [2, 14],
    y: [-8, 2],
    start: [8, -2.5],
    minimum: null,
    steps: 150,
    lr: {
      sgd: 0.005,
      momentum: 0.001,
      nesterov: 0.001,
      'delta-bar-delta': 0.005,
      ...ADAPTIVE,
      adagrad: 0.3,
      adam: 0.1,
      adamw: 0.1,
      nadam: 0.1,
      radam: 0.1,
      adamax: 0.1,
      lion: 0.05,
    },
    logLevels: true,
    book: 'DL §8.2.4, figs 8.3 and 10.17 (cliffs and gradient clipping)',
  },
  'ill-conditioned': {
    label: 'Ill-conditioned quadratic (κ = 50)',
    spec: {
      name: 'quadratic',
      A: [
        [25.5, 24.5],
        [24.5, 25.5],
      ],
      b: [0, 0],
    },
    x: [-3, 3],
    y: [-3, 3],
    start: [-2.5, 1.5],
    minimum: [0, 0],
    steps: 60,
    lr: {
      sgd: 0.038,
      momentum: 0.01,
      nesterov: 0.01,
      'delta-bar-delta': 0.02,
      ...ADAPTIVE,
      adagrad: 0.5,
      adam: 0.1,
      adamw: 0.1,
      nadam: 0.1,
      radam: 0.1,
      adamax: 0.1,
      lion: 0.05,
    },
    logLevels: false,
    book: 'DL §8.2.1 (ill-conditioning), §8.6.2 (conjugate gradients)',
  },
};

/** The cliff loss L(w, b) = (x_50 − 0.7)², x_t = w σ(x_{t−1}) + b, x_0 = 0.5 (Pascanu et al. 2013). */
function cliffLoss(theta: Tensor): Tensor {
  const w = ad.slice(theta, [0], [1]);
  const b = ad.slice(theta, [1], [1]);
  let x: Tensor = ad.add(ad.mul(w, 0), 0.5);
  for (let t = 0; t < 50; t++) x = ad.add(ad.mul(w, ad.sigmoid(x)), b);
  return ad.sum(ad.square(ad.sub(x, 0.7)));
}

/** The flat objective (value, exact gradient and Hessian-vector products) of a problem. */
export function problemObjective(id: ProblemId): objectives.Objective {
  const p = PROBLEMS[id];
  if (p.spec) return objectives.problemObjective(p.spec, 2);
  return objectives.tensorObjective(cliffLoss, 2);
}
