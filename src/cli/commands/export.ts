/**
 * `optlab export MODEL --format safetensors|onnx --out FILE`: a model written
 * by `optlab train` (its `model.json` + `model.bin`) in a format other tools
 * read — safetensors under PyTorch's `state_dict` names (load it into the
 * equivalent `torch.nn.Sequential`), or ONNX for inference (onnxruntime and
 * friends). `optlab export --import FILE.safetensors MODEL --out NEW` goes the
 * other way: the tensors of a PyTorch-named file into a copy of an optlab model
 * of the same architecture. Files are written atomically.
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  decodeSafetensors,
  encodeSafetensors,
  exportOnnx,
  loadStateDict,
  toStateDict,
} from '../../interop/index.js';
import { loadMlp, saveModel } from '../../nn/node/index.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { Io } from '../io.js';

export interface ExportOptions {
  format: 'safetensors' | 'onnx';
  out: string;
  dtype?: 'float32' | 'float64';
  probabilities?: boolean;
  import?: string;
}

export async function exportCommand(modelPath: string, o: ExportOptions, io: Io): Promise<void> {
  const model = await loadMlp(modelPath);
  if (o.import !== undefined) {
    const { tensors } = decodeSafetensors(readFileSync(o.import));
    loadStateDict(model, tensors);
    await saveModel(model, o.out);
    io.err(`optlab export: ${o.import} loaded into ${o.out} (${model.size} parameters)\n`);
    return;
  }
  const bytes =
    o.format === 'onnx'
      ? exportOnnx(model, {
          ...(o.dtype ? { dtype: o.dtype } : {}),
          ...(o.probabilities ? { probabilities: true } : {}),
        })
      : encodeSafetensors(toStateDict(model), { format: 'pt', producer: 'optlab' });
  await writeFileAtomic(o.out, bytes);
  io.err(`optlab export: ${o.format} written to ${o.out} (${bytes.length} bytes)\n`);
}

function format(v: string): 'safetensors' | 'onnx' {
  if (v !== 'safetensors' && v !== 'onnx')
    throw new InvalidArgumentError('must be safetensors or onnx');
  return v;
}

function dtype(v: string): 'float32' | 'float64' {
  if (v !== 'float32' && v !== 'float64')
    throw new InvalidArgumentError('must be float32 or float64');
  return v;
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('<model>', 'path of the model (its .json manifest, e.g. out/train/model.json)')
    .option('--format <format>', 'safetensors | onnx', format, 'safetensors')
    .requiredOption('--out <file>', 'the file to write (with --import: the new optlab model path)')
    .option('--dtype <dtype>', 'ONNX weights and input: float32 (default) | float64', dtype)
    .option('--probabilities', 'ONNX: add a softmax output "probabilities"')
    .option('--import <file>', 'read this safetensors file (PyTorch names) into the model instead')
    .addHelpText(
      'after',
      `
Examples:
  optlab train --config examples/mnist-mlp.yaml --out out/train
  optlab export out/train/model.json --format onnx --out model.onnx
  optlab export out/train/model.json --format safetensors --out model.safetensors
  # in Python: net.load_state_dict(safetensors.torch.load_file("model.safetensors"))
  optlab export out/train/model.json --import tuned.safetensors --out out/tuned/model`,
    )
    .action((model: string, o: ExportOptions) => exportCommand(model, o, io));
}
