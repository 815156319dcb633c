import { describe, expect, it } from 'vitest';
import { cli, reference, relClose } from '../../../test/helpers.js';

interface EvalCase {
  problem: unknown;
  x: number[];
  v: number[];
  expected: { f: number; grad: number[]; hvp: number[] };
}

describe('optlab eval', () => {
  const ref = reference<{ cases: EvalCase[] }>('eval-torch.json');
  for (const [i, c] of ref.cases.entries()) {
    it(`matches PyTorch (double backward) on case ${i}: ${(c.problem as { name: string }).name}`, async () => {
      const r = await cli(['eval'], { spec: { problem: c.problem, x: c.x, v: c.v } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as { f: number; grad: number[]; hvp: number[] };
      expect(relClose([out.f], [c.expected.f], 1e-9)).toBeNull();
      expect(relClose(out.grad, c.expected.grad, 1e-9)).toBeNull();
      expect(relClose(out.hvp, c.expected.hvp, 1e-9)).toBeNull();
    });
  }

  it('agrees with the hand-written test functions on every named problem', async () => {
    const { bowl, beale, himmelblau, saddle, powell, rosenbrock } = await import(
      '../../objectives/index.js'
    );
    const fns = { bowl, beale, himmelblau, saddle, powell, rosenbrock: rosenbrock(5) };
    for (const [name, o] of Object.entries(fns)) {
      const x = Array.from({ length: o.dim }, (_, i) => 0.3 + 0.7 * Math.sin(i + 1));
      const v = Array.from({ length: o.dim }, (_, i) => Math.cos(2 * i));
      const r = await cli(['eval'], { spec: { problem: { name }, x, v } });
      const out = JSON.parse(r.stdout) as { f: number; grad: number[]; hvp: number[] };
      const g = new Float64Array(o.dim);
      const h = new Float64Array(o.dim);
      const f = o.valueAndGrad(Float64Array.from(x), g);
      o.hvp(Float64Array.from(x), Float64Array.from(v), h);
      expect(relClose([out.f], [f], 1e-12), name).toBeNull();
      expect(relClose(out.grad, g, 1e-12), name).toBeNull();
      expect(relClose(out.hvp, h, 1e-12), name).toBeNull();
    }
  });

  it('quadratic: gradient Ax − b and Hessian A', async () => {
    const A = [
      [2, 1],
      [1, 3],
    ];
    const r = await cli(['eval'], {
      spec: { problem: { name: 'quadratic', A, b: [1, -1] }, x: [1, 2], v: [1, 0] },
    });
    // f = ½(2 + 2·1·2 + 3·4) − (1 − 2) = ½·18 + 1 = 10; grad = (2+2−1, 1+6+1) = (3, 8); H·e1 = (2, 1)
    expect(JSON.parse(r.stdout)).toEqual({ f: 10, grad: [3, 8], hvp: [2, 1] });
  });

  it('reads the spec from standard input with -', async () => {
    const r = await cli(['eval', '-'], {
      stdin: JSON.stringify({ problem: { name: 'bowl' }, x: [2, 1] }),
    });
    // f = 4/20 + 1 = 1.2; grad = (2/10, 2)
    expect(JSON.parse(r.stdout)).toEqual({ f: 1.2, grad: [0.2, 2] });
  });

  it('float32 on request', async () => {
    const r = await cli(['eval'], {
      spec: { problem: { name: 'rosenbrock' }, x: [0.1, 0.2], dtype: 'float32' },
    });
    const out = JSON.parse(r.stdout) as { f: number };
    expect(out.f).not.toBe(100 * (0.2 - 0.01) ** 2 + 0.9 ** 2);
    expect(out.f).toBeCloseTo(100 * (0.2 - 0.01) ** 2 + 0.9 ** 2, 5);
  });

  const bad: [string, unknown, RegExp][] = [
    ['an unknown problem', { problem: { name: 'nope' }, x: [1, 2] }, /field problem\.name/],
    [
      'an unknown top-level field',
      { problem: { name: 'bowl' }, x: [1, 2], extra: 1 },
      /unknown field "extra"/,
    ],
    [
      'an unknown problem field',
      { problem: { name: 'bowl', n: 3 }, x: [1, 2] },
      /unknown field "n" in problem/,
    ],
    ['a wrong length', { problem: { name: 'beale' }, x: [1] }, /field x: beale needs 2/],
    ['v of the wrong length', { problem: { name: 'bowl' }, x: [1, 2], v: [1] }, /field v/],
    ['a non-number', { problem: { name: 'bowl' }, x: [1, 'a'] }, /field x\[1\]/],
    [
      'a bad mlp target',
      {
        problem: {
          name: 'mlp',
          sizes: [2, 2],
          activation: 'relu',
          loss: 'softmax-cross-entropy',
          inputs: [[1, 2]],
          targets: [5],
        },
        x: [0, 0, 0, 0, 0, 0],
      },
      /problem\.targets\[0\]/,
    ],
    [
      'a bad activation',
      {
        problem: {
          name: 'mlp',
          sizes: [2, 2],
          activation: 'elu',
          loss: 'mse',
          inputs: [[1, 2]],
          targets: [[1, 2]],
        },
        x: [0],
      },
      /problem\.activation/,
    ],
    ['invalid JSON', '{"problem":', /not valid JSON/],
  ];
  for (const [what, spec, msg] of bad) {
    it(`rejects ${what} with one line on stderr and status 2`, async () => {
      const r = await cli(['eval'], { spec });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    });
  }

  it('a missing spec file is a clear error with status 2', async () => {
    const r = await cli(['eval', '/nonexistent/spec.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read spec/);
  });
});
