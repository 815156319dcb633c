import { describe, expect, it } from 'vitest';
import { cli } from '../../test/helpers.js';
import { optimizerSchema, scheduleSchema } from '../contract/index.js';
import { METHODS } from '../solvers/minimize.js';
import { tuneObjectiveSchema, tuneSamplerSchema } from '../tune/spec.js';
import { EXAMPLES, type JsonCommand } from './help.js';
import { problemSchema } from './spec.js';

/** The `name`s of a union of strict objects, read straight from the schema. */
function names(options: readonly { shape: { name: { def: unknown } } }[]): string[] {
  return options.flatMap((o) => {
    const d = o.shape.name.def as { type: string; values?: string[]; entries?: object };
    return d.type === 'literal' ? d.values! : Object.values(d.entries!).map(String);
  });
}

const commands: JsonCommand[] = ['eval', 'trace', 'minimize', 'spectrum', 'tune'];

describe('--help of the JSON commands', () => {
  it('lists every name the command validates with', async () => {
    const help = async (c: string) => (await cli([c, '--help'])).stdout;
    const problems = names(problemSchema.options);
    expect(problems).toContain('powell');
    for (const c of ['eval', 'trace', 'minimize', 'spectrum'])
      for (const p of problems) expect(await help(c)).toMatch(new RegExp(`\\b${p}\\b`));
    const trace = await help('trace');
    for (const o of names(optimizerSchema.options)) expect(trace).toContain(`  ${o}(`);
    for (const s of names(scheduleSchema.options)) expect(trace).toContain(`  ${s}(`);
    expect(trace).toContain('adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-8, amsgrad=false');
    const minimize = await help('minimize');
    for (const m of METHODS) expect(minimize).toContain(`  ${m}(`);
    expect(minimize).toContain('gtol=1e-6');
    const tune = await help('tune');
    for (const o of names(tuneObjectiveSchema.options))
      expect(tune).toMatch(new RegExp(`  ${o}\\b`));
    for (const s of names(tuneSamplerSchema.options)) expect(tune).toMatch(new RegExp(`  ${s}\\b`));
    expect(tune).toContain('epochs=50');
  });
  it('shows an example spec that runs', async () => {
    for (const c of commands) {
      const h = await cli([c, '--help']);
      expect(h.status).toBe(0);
      const lines = h.stdout.split('\n');
      const at = lines.findIndex((l) => l.startsWith('Example: with this spec'));
      expect(at, `${c} --help has an example`).toBeGreaterThan(0);
      expect(lines[at + 2]).toContain(`optlab ${c} spec.json`);
      const spec = lines[at + 1]!.trim();
      expect(JSON.parse(spec)).toEqual(EXAMPLES[c]);
      // tune logs each finished trial to standard error; --quiet keeps it silent
      const r = await cli(c === 'tune' ? [c, '--quiet', '-'] : [c, '-'], { stdin: spec });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
  });
  it('fits 100 columns and sends the reader to docs/commands.md, nothing outside', async () => {
    for (const c of commands) {
      const h = (await cli([c, '--help'])).stdout;
      for (const l of h.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(100);
      expect(h).toContain('docs/commands.md');
      expect(h).not.toMatch(/CONTRACT|shared/);
    }
  });
});
