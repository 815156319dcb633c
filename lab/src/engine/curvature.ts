/**
 * Curvature of a network being trained (Deep Learning §8.2.1, fig 8.1; §8.2,
 * fig 8.2): an MLP trained by the library's loop on the built-in digits, and
 * every `every` updates, on a fixed batch of training digits, the loss J, the
 * gradient norm, gᵀHg and the second-order change −εgᵀg + ½ε²gᵀHg of a step
 * of the current learning rate ε (the criterion of §8.2.1), plus the Hessian's
 * extreme eigenvalues by Lanczos on exact Hessian-vector products. At the end,
 * J along the line θ₀ → θ (Goodfellow, Vinyals & Saxe 2015).
 */
import { diagnostics, nn, Tensor, train } from 'optlab/core';
import { builtinDigits } from './digits.js';

export interface CurvatureRequest {
  config: unknown;
  digitsUrl: string;
  /** Rows of the fixed batch the diagnostics use (default 256). */
  batchRows?: number;
  /** Updates between measurements. */
  every: number;
  /** Lanczos steps per measurement (default 20). */
  lanczosSteps?: number;
}

export interface CurvatureRow {
  step: number;
  loss: number;
  gradNorm: number;
  gHg: number;
  firstOrder: number;
  secondOrder: number;
  lambdaMax: number;
  lambdaMin: number;
}

export type CurvatureEvent =
  | { kind: 'start'; parameters: number; totalSteps: number; eps: number }
  | { kind: 'row'; row: CurvatureRow }
  | { kind: 'line'; alpha: number[]; loss: number[] };

export async function runCurvature(
  r: CurvatureRequest,
  post: (e: CurvatureEvent) => void,
): Promise<void> {
  const cfg = train.trainConfigSchema.parse(r.config);
  const setup = train.setupTraining(cfg, await builtinDigits(r.digitsUrl));
  const m = Math.min(r.batchRows ?? 256, setup.train.n);
  const f = setup.train.features;
  const X = new Tensor(Float64Array.from(setup.train.x.subarray(0, m * f)), [m, f]);
  const y = Int32Array.from(setup.train.y.subarray(0, m));
  const model = setup.model;
  const objective = nn.modelObjective(model, X, y, { training: false });
  const eps = (cfg.optimizer as { lr?: number }).lr ?? 0.01;
  const theta0 = Float64Array.from(model.theta);
  const spe = Math.ceil(setup.train.n / cfg.batchSize);
  post({ kind: 'start', parameters: model.size, totalSteps: cfg.epochs * spe, eps });
  const measure = (step: number) => {
    const th = Float64Array.from(model.theta);
    const c = diagnostics.illConditioning(objective, th, eps);
    const ex = diagnostics.lanczosExtremes(diagnostics.hessianOperator(objective, th), {
      k: 1,
      maxSteps: r.lanczosSteps ?? 20,
      tol: 1e-6,
    });
    post({
      kind: 'row',
      row: {
        step,
        loss: c.loss,
        gradNorm: c.gradNorm,
        gHg: c.gHg,
        firstOrder: c.firstOrder,
        secondOrder: c.secondOrder,
        lambdaMax: ex.largest[0]!,
        lambdaMin: ex.smallest[0]!,
      },
    });
  };
  measure(0);
  await train.fit(
    model,
    { data: setup.train },
    {
      ...setup.fitOptions,
      trainEvalSize: 0,
      recordSteps: false,
      callbacks: {
        onStep(info) {
          if (info.step % r.every === 0) measure(info.step);
        },
      },
    },
  );
  const line = diagnostics.lossAlongLine(
    (th) => objective.value(th),
    theta0,
    Float64Array.from(model.theta),
    diagnostics.linspace(-0.5, 1.5, 41),
  );
  post({ kind: 'line', alpha: Array.from(line.alpha), loss: Array.from(line.loss) });
}
