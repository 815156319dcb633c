import { describe, expect, it } from 'vitest';
import { cli, reference, relClose } from '../../../test/helpers.js';

interface TraceCase {
  problem: { name: string };
  x0: number[];
  optimizer: unknown;
  steps: number;
  schedule?: unknown;
  clip?: unknown;
  expected: { x: number[][]; f: number[] };
}

describe('optlab trace', () => {
  const ref = reference<{ cases: TraceCase[] }>('optimizer-trajectories.json');
  for (const [i, c] of ref.cases.entries()) {
    it(`case ${i} (${c.problem.name}, ${JSON.stringify(c.optimizer)}) matches the reference row by row`, async () => {
      const { expected, reference: _r, ...spec } = c as TraceCase & { reference: string };
      const r = await cli(['trace'], { spec });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as { x: number[][]; f: number[] };
      expect(out.x).toHaveLength(c.steps + 1);
      for (let k = 0; k <= c.steps; k++)
        expect(relClose(out.x[k]!, expected.x[k]!, 1e-7), `row ${k}`).toBeNull();
      expect(relClose(out.f, expected.f, 1e-7)).toBeNull();
    });
  }

  const bad: [string, unknown, RegExp][] = [
    [
      'an unknown optimizer',
      { problem: { name: 'bowl' }, x0: [1, 2], optimizer: { name: 'adamm' }, steps: 2 },
      /optimizer/,
    ],
    [
      'a missing lr',
      { problem: { name: 'bowl' }, x0: [1, 2], optimizer: { name: 'sgd' }, steps: 2 },
      /optimizer\.lr/,
    ],
    [
      'a negative step count',
      { problem: { name: 'bowl' }, x0: [1, 2], optimizer: { name: 'sgd', lr: 0.1 }, steps: -1 },
      /steps/,
    ],
    [
      'an unknown optimizer field',
      {
        problem: { name: 'bowl' },
        x0: [1, 2],
        optimizer: { name: 'sgd', lr: 0.1, beta: 1 },
        steps: 1,
      },
      /beta/,
    ],
    [
      'x0 of the wrong length',
      { problem: { name: 'bowl' }, x0: [1], optimizer: { name: 'sgd', lr: 0.1 }, steps: 1 },
      /x0/,
    ],
    [
      'a bad clip',
      {
        problem: { name: 'bowl' },
        x0: [1, 2],
        optimizer: { name: 'sgd', lr: 0.1 },
        steps: 1,
        clip: { norm: 1 },
      },
      /clip/,
    ],
  ];
  for (const [what, spec, msg] of bad) {
    it(`rejects ${what} (status 2, one line)`, async () => {
      const r = await cli(['trace'], { spec });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    });
  }
});
