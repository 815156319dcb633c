import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';
import {
  decodeSafetensors,
  describeOnnx,
  encodeSafetensors,
  toStateDict,
} from '../../interop/index.js';
import { mlp } from '../../nn/index.js';
import { loadMlp, saveModel } from '../../nn/node/index.js';

describe('optlab export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-export-'));
  const path = join(dir, 'model.json');
  const model = mlp({ sizes: [4, 6, 3], activation: 'tanh', seed: 3 });

  it('writes safetensors with PyTorch names and ONNX that parses back', async () => {
    await saveModel(model, path);
    const st = join(dir, 'm.safetensors');
    const r1 = await cli(['export', path, '--format', 'safetensors', '--out', st]);
    expect(r1.status).toBe(0);
    const { tensors, metadata } = decodeSafetensors(readFileSync(st));
    expect([...tensors.keys()]).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(metadata.producer).toBe('optlab');
    expect(Array.from(tensors.get('0.weight')!.data)).toEqual(
      Array.from(toStateDict(model).get('0.weight')!.data),
    );
    const ox = join(dir, 'm.onnx');
    const r2 = await cli(['export', path, '--format', 'onnx', '--out', ox, '--probabilities']);
    expect(r2.status).toBe(0);
    expect(describeOnnx(readFileSync(ox)).outputs).toEqual(['logits', 'probabilities']);
  });

  it('imports a PyTorch-named file into a copy of the model', async () => {
    await saveModel(model, path);
    const other = mlp({ sizes: [4, 6, 3], activation: 'tanh', seed: 99 });
    const st = join(dir, 'other.safetensors');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(st, encodeSafetensors(toStateDict(other)));
    const out = join(dir, 'imported');
    const r = await cli(['export', path, '--import', st, '--out', out]);
    expect(r.status).toBe(0);
    const back = await loadMlp(`${out}.json`);
    expect(Array.from(back.theta)).toEqual(Array.from(other.theta));
  });

  it('refuses an unknown format and a file that is not safetensors, naming them', async () => {
    await saveModel(model, path);
    const bad = await cli(['export', path, '--format', 'pickle', '--out', join(dir, 'x')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/safetensors or onnx/);
    const junk = join(dir, 'junk.safetensors');
    (await import('node:fs')).writeFileSync(junk, 'not a safetensors file at all');
    const r = await cli(['export', path, '--import', junk, '--out', join(dir, 'y')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/safetensors: header length/);
  });
});
