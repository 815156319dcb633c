import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
});
