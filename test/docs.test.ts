/**
 * docs/commands.md cannot rot: every example spec in it runs through the CLI and
 * prints the output shown (numbers to 1e-9 relative), every error example fails
 * with the message shown, and its tables name every optimizer, schedule, method,
 * objective and sampler the commands accept, with the defaults of the schemas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fieldText,
  methods,
  optimizers,
  schedules,
  tuneObjectives,
  tuneSamplers,
} from '../src/cli/describe.js';
import { cli } from './helpers.js';

const doc = readFileSync(new URL('../docs/commands.md', import.meta.url), 'utf8');

interface Example {
  command: string;
  spec: string;
  output?: string;
  error?: string;
}

/** Each ```json spec CMD block with the ```json output or ```text error block after it. */
function examples(): Example[] {
  const re =
    /```json spec (\w+)\n([\s\S]*?)\n```[\s\S]*?```(json output|text error)\n([\s\S]*?)\n```/g;
  return [...doc.matchAll(re)].map((m) => ({
    command: m[1]!,
    spec: m[2]!,
    ...(m[3] === 'json output' ? { output: m[4]! } : { error: m[4]! }),
  }));
}

/** Equal JSON values, numbers to `tol` relative (absolute below 1). */
function close(a: unknown, b: unknown, tol: number, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)) ? null : `${path}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const e = close(a[i], b[i], tol, `${path}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka} vs ${kb}`;
    for (const k of ka) {
      const e = close(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        tol,
        `${path}.${k}`,
      );
      if (e) return e;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

describe('docs/commands.md', () => {
  const all = examples();

  it('has an example with its output for every JSON command', () => {
    const commands = new Set(all.filter((e) => e.output).map((e) => e.command));
    expect([...commands].sort()).toEqual(['eval', 'minimize', 'spectrum', 'trace', 'tune']);
  });

  for (const [i, e] of all.entries()) {
    it(`example ${i + 1}: optlab ${e.command} prints what the page shows`, async () => {
      // tune logs each finished trial on standard error (the page says so); --quiet silences it
      const args = e.command === 'tune' ? [e.command, '--quiet', '-'] : [e.command, '-'];
      const r = await cli(args, { stdin: e.spec });
      if (e.error !== undefined) {
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim()).toBe(e.error.trim());
        return;
      }
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(close(JSON.parse(r.stdout), JSON.parse(e.output!), 1e-9)).toBeNull();
    });
  }

  it('names every optimizer, schedule, method, objective and sampler, with the defaults', () => {
    const row = (name: string) => {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      expect(line, `a table row for ${name}`).toBeDefined();
      return line!;
    };
    for (const m of [...optimizers(), ...schedules()]) {
      const line = row(m.name);
      for (const f of m.fields) {
        if (f.name === 'anneal') continue; // written with its choices
        expect(line).toContain(`\`${fieldText(f)}\``);
      }
    }
    for (const m of methods()) {
      const line = row(m.name);
      for (const f of m.fields) expect(line).toContain(`\`${f.name}\``);
    }
    for (const o of tuneObjectives()) expect(doc).toContain(`{"name": "${o.name}"`);
    const mlp = tuneObjectives().find((o) => o.name === 'mlp-mnist')!;
    for (const f of mlp.fields) {
      // the default column, as JSON: `[1e-6, 1e-2]`, `"mnist"`, 50
      const cell = row(f.name).split('|')[2]!.trim().replaceAll('`', '');
      expect(close(JSON.parse(cell), f.default, 0), f.name).toBeNull();
    }
    for (const s of tuneSamplers()) {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`{"name": "${s.name}"}\` |`));
      expect(line, `a row for sampler ${s.name}`).toBeDefined();
      for (const f of s.fields) expect(line).toContain(`\`${f.name}\``);
    }
  });

  it('sends the reader to nothing outside the repository', () => {
    expect(doc).not.toMatch(/CONTRACT|shared\//);
  });
});
