/**
 * Errors and limits of the JSON commands (issue 19 items 6 and 7): non-finite
 * results, a non-symmetric quadratic, inputs that would cost huge time or
 * memory, oversized or endless inputs, and a closed or full standard output.
 * In-process where possible; the standard-stream cases need a child process.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const oneLine = (s: string) => s.endsWith('\n') && s.split('\n').length === 2;

afterEach(() => {
  delete process.env.OPTLAB_MAX_TRACE_VALUES;
  delete process.env.OPTLAB_MAX_INPUT_BYTES;
});

describe('non-finite results', () => {
  it('eval: an overflowing value exits 1 naming the field, nothing on stdout', async () => {
    const r = await cli(['eval'], { spec: { problem: { name: 'rosenbrock' }, x: [1e308, 1e308] } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/the result is not finite: f is Infinity/);
  });

  it('trace: a diverging run names the first non-finite iterate', async () => {
    const spec = {
      problem: { name: 'bowl' },
      x0: [1, 1],
      optimizer: { name: 'sgd', lr: 1e10 },
      steps: 40,
    };
    const r = await cli(['trace'], { spec });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/the result is not finite: x\[\d+\]\[\d\] is -?Infinity/);
  });
});

describe('spec checks', () => {
  it('a non-symmetric quadratic A is refused, naming the entries', async () => {
    const spec = {
      problem: {
        name: 'quadratic',
        A: [
          [2, 1],
          [0, 3],
        ],
        b: [1, 1],
      },
      x: [0, 0],
    };
    const r = await cli(['eval'], { spec });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /problem\.A: must be symmetric, but A\[1\]\[0\] = 0 and A\[0\]\[1\] = 1/,
    );
  });

  it('problem.name nested 10000 deep is a spec error (exit 2), not a stack overflow', async () => {
    const text = `{"problem":${'{"name":'.repeat(10000)}"bowl"${'}'.repeat(10000)},"x":[1,2]}`;
    const r = await cli(['eval'], { spec: text });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nested more than 64 levels deep/);
  });

  it('a 2 MB unknown key gives a short line', async () => {
    const r = await cli(['eval'], {
      spec: `{"problem":{"name":"bowl"},"x":[1,2],"${'k'.repeat(2_000_000)}":1}`,
    });
    expect(r.status).toBe(2);
    expect(r.stderr.length).toBeLessThan(200);
    expect(r.stderr).toMatch(/unknown field "k+…/);
  });
});

describe('limits', () => {
  it('trace steps: 1e9 is refused at once naming the limit; the variable lifts it', async () => {
    const spec = (steps: number) => ({
      problem: { name: 'bowl' },
      x0: [1, 1],
      optimizer: { name: 'sgd', lr: 0.1 },
      steps,
    });
    const t0 = performance.now();
    const r = await cli(['trace'], { spec: spec(1e9) });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /field steps: .* above the limit of 1000000 \(set OPTLAB_MAX_TRACE_VALUES/,
    );
    expect((await cli(['trace'], { spec: spec(10) })).status).toBe(0);
    process.env.OPTLAB_MAX_TRACE_VALUES = '10';
    expect((await cli(['trace'], { spec: spec(10) })).status).toBe(2);
  });

  it('minimize: bfgs on 20000 variables is refused (n² memory); lbfgs is not limited that way', async () => {
    const x0 = Array.from({ length: 20000 }, () => 0.5);
    const r = await cli(['minimize'], {
      spec: { problem: { name: 'rosenbrock' }, x0, method: 'bfgs' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /field x0: asks for 20000 variables for a dense method.*OPTLAB_MAX_DENSE_DIM/,
    );
    const l = await cli(['minimize'], {
      spec: { problem: { name: 'rosenbrock' }, x0, method: 'lbfgs', options: { maxIter: 2 } },
    });
    expect(l.status).toBe(0);
  });

  it('spectrum: a million variables is refused naming OPTLAB_MAX_SPECTRUM_DIM', async () => {
    const x = new Array(1_000_000).fill(1);
    const r = await cli(['spectrum'], { spec: { problem: { name: 'rosenbrock' }, x } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/OPTLAB_MAX_SPECTRUM_DIM/);
  });

  it('an mlp problem whose activations exceed the limit is refused before allocating', async () => {
    const problem = {
      name: 'mlp',
      sizes: [1, 100_000, 1],
      activation: 'tanh',
      loss: 'mse',
      inputs: Array.from({ length: 200 }, () => [1]),
      targets: Array.from({ length: 200 }, () => [0]),
    };
    const r = await cli(['eval'], { spec: { problem, x: new Array(300_001).fill(0) } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/OPTLAB_MAX_ACTIVATIONS/);
  });

  it('/dev/zero as a spec is read only up to the size cap', async () => {
    process.env.OPTLAB_MAX_INPUT_BYTES = String(1 << 20);
    const r = await cli(['eval', '/dev/zero']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /spec "\/dev\/zero" is too large \(more than 1048576 bytes; set OPTLAB_MAX_INPUT_BYTES/,
    );
  });
});

// ---------- child processes: the real standard streams ----------

const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));
const mainUrl = new URL('../src/cli/main.ts', import.meta.url).href;
const script = `const { main } = await import(${JSON.stringify(mainUrl)});
process.exitCode = await main(process.argv.slice(1));`;

function optlab(args: string[], stdout: 'pipe' | number, env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script, ...args], {
    stdio: ['pipe', stdout, 'pipe'],
    env: { ...process.env, ...env },
  });
}

function finish(
  child: ReturnType<typeof optlab>,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

const bigTrace = JSON.stringify({
  problem: { name: 'bowl' },
  x0: [-7, 2],
  optimizer: { name: 'sgd', lr: 0.01 },
  steps: 200_000,
});

describe('standard streams (child processes)', () => {
  it('a reader that closes early (| head) ends the run quietly with status 141', async () => {
    const child = optlab(['trace', '-'], 'pipe');
    child.stdin!.end(bigTrace);
    child.stdout!.once('data', () => child.stdout!.destroy());
    const r = await finish(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  }, 60_000);

  // Linux only (there is no /dev/full elsewhere)
  if (existsSync('/dev/full'))
    it('a full disk (> /dev/full) gives one line and status 1, no stack trace', async () => {
      const fd = openSync('/dev/full', 'w');
      const child = optlab(['trace', '-'], fd);
      child.stdin!.end(bigTrace);
      const r = await finish(child);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^optlab: cannot write to standard output: .*ENOSPC/);
      expect(oneLine(r.stderr)).toBe(true);
    }, 60_000);

  it('endless standard input is read only up to the cap', async () => {
    const child = optlab(['eval', '-'], 'pipe', { OPTLAB_MAX_INPUT_BYTES: String(1 << 20) });
    const chunk = Buffer.alloc(1 << 16, 0x20);
    const feed = () => {
      while (child.stdin!.writable && child.stdin!.write(chunk)) {}
    };
    child.stdin!.on('drain', feed);
    child.stdin!.on('error', () => undefined);
    feed();
    const r = await finish(child);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input is too large \(more than 1048576 bytes/);
  }, 60_000);
});
