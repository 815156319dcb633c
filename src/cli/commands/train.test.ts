import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'optlab-train-'));

const yaml = `
data: mnist
validation: 0.2
model:
  hidden: [16]
optimizer:
  name: adam
  lr: 0.003
batchSize: 200
epochs: 2
trainEvalSize: 500
seed: 1
`;

describe('optlab train', () => {
  it('trains from a YAML config and writes metrics, checkpoint and model', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const out = join(dir, 'run');
    const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out]);
    expect(r.stderr).toMatch(/training 2-layer MLP/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/test accuracy/);
    for (const f of [
      'epochs.csv',
      'steps.csv',
      'metrics.json',
      'checkpoint.json',
      'model.json',
      'model.bin',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.epochs).toHaveLength(2);
    expect(m.test.accuracy).toBeGreaterThan(0.5);
  });

  it('resumes a run from its checkpoint and continues to the configured epochs', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c1.yaml'), yaml.replace('epochs: 2', 'epochs: 1'));
    writeFileSync(join(dir, 'c2.yaml'), yaml);
    const out = join(dir, 'run');
    await cli(['train', '--config', join(dir, 'c1.yaml'), '--out', out]);
    const r = await cli(['train', '--config', join(dir, 'c2.yaml'), '--out', out, '--resume', out]);
    expect(r.status).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
  });

  it('a config with an unknown field is refused with one line naming it', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ optimizer: { name: 'sgd', lr: 0.1 }, epoch: 3 }),
    );
    const r = await cli(['train', '--config', join(dir, 'bad.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown field "epoch"/);
  });

  it('a missing optimizer is named', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.yaml'), 'epochs: 1\n');
    const r = await cli(['train', '--config', join(dir, 'bad.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/optimizer/);
  });

  it('--resume DIR needs no --config, writes to DIR, refuses a different config naming it, and says when the run had finished', async () => {
    const dir = tmp();
    const c1 = join(dir, 'c1.yaml');
    writeFileSync(c1, yaml.replace('epochs: 2', 'epochs: 1'));
    const out = join(dir, 'run');
    expect((await cli(['train', '--config', c1, '--out', out])).status).toBe(0);
    // a stale temporary file from a killed writer (pid 999999999 is not alive)
    writeFileSync(join(out, '.checkpoint.json.999999999.0123456789ab.tmp'), '');
    const other = join(dir, 'other.yaml');
    writeFileSync(other, yaml.replace('name: adam', 'name: sgd').replace('epochs: 2', 'epochs: 1'));
    const bad = await cli(['train', '--config', other, '--resume', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/optimizer\.name: "adam" → "sgd"/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const done = await cli(['train', '--resume', out]);
    expect(done.status).toBe(0);
    expect(done.stderr).toMatch(/had already finished \(completed at step \d+\)/);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(done.stdout).toContain(`wrote metrics, checkpoint and model to ${out}`);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.config.optimizer.name).toBe('adam');
  });

  it('--out onto an earlier run is refused without --force', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), yaml.replace('epochs: 2', 'epochs: 1'));
    const out = join(dir, 'run');
    await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out]);
    const first = readFileSync(join(out, 'model.bin'));
    const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already holds a run .* --resume .* --force/);
    const f = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out, '--force']);
    expect(f.status).toBe(0);
    // same config and seed: the replaced run is the same bits
    expect(readFileSync(join(out, 'model.bin')).equals(first)).toBe(true);
  });

  it('an unwritable --out fails at once with a clear message', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), yaml);
    writeFileSync(join(dir, 'file'), '');
    for (const out of ['/proc/optlab-x', join(dir, 'file', 'sub')]) {
      const t0 = performance.now();
      const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/is not a writable folder/);
      expect(performance.now() - t0).toBeLessThan(5000);
    }
  });

  it('a missing config file is called a config; no --config and no --resume is an error', async () => {
    const r = await cli(['train', '--config', '/nonexistent/c.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^optlab: cannot read config "\/nonexistent\/c\.yaml"/);
    expect(r.stderr).not.toMatch(/spec/);
    const n = await cli(['train']);
    expect(n.status).toBe(2);
    expect(n.stderr).toMatch(/needs --config FILE/);
  });

  it('the divergence guard is on by default: Adam at lr 1e6 stops with the step named and exit 1', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), yaml.replace('lr: 0.003', 'lr: 1000000'));
    const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', join(dir, 'run')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/training diverged at step \d+ \(epoch 0\)/);
    expect(r.stdout).toBe('');
  });

  it('hidden sizes above the parameter limit are refused naming the limit and its variable', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), yaml.replace('hidden: [16]', 'hidden: [100000]'));
    const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', join(dir, 'run')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model\.hidden: asks for \d+ parameters .* OPTLAB_MAX_PARAMS/);
  });

  it('without a validation set the outputs have no validation fields (not NaN)', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'c.yaml'),
      yaml.replace('validation: 0.2', 'validation: 0').replace('epochs: 2', 'epochs: 1'),
    );
    const out = join(dir, 'run');
    const r = await cli(['train', '--config', join(dir, 'c.yaml'), '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/val|NaN/);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(Object.keys(m.epochs[0])).not.toContain('valLoss');
    expect(readFileSync(join(out, 'epochs.csv'), 'utf8').split('\n')[0]).not.toMatch(/val/);
  });
});
