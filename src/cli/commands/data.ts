/** `optlab data fetch NAME --dir D` and `optlab data info NAME|DIR`. */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { classCounts, type FetchableDataset, fetchDataset, loadDataset } from '../../data/index.js';
import { DATASET_SOURCES } from '../../data/node/fetch.js';
import { formatTable } from '../../report/table.js';
import type { Io } from '../io.js';
import { SpecError } from '../spec.js';

export async function fetchCommand(
  name: string,
  o: { dir: string; baseUrl?: string },
  io: Io,
): Promise<void> {
  if (!(name in DATASET_SOURCES)) {
    throw new SpecError(
      `invalid spec: unknown dataset '${name}'; one of ${Object.keys(DATASET_SOURCES).join(', ')}`,
    );
  }
  const dir = resolve(o.dir);
  const bar = io.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: '{file} [{bar}] {percentage}% | {value}/{total} bytes' },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let current = '';
  const files = await fetchDataset(name as FetchableDataset, dir, {
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    onProgress: (p) => {
      if (p.file !== current) {
        bar?.stop();
        current = p.file;
        if (p.skipped) io.err(`${p.file}: already present, checksum good\n`);
        else if (bar) bar.start(p.total ?? 0, 0, { file: p.file });
        else io.err(`${p.file}: downloading (${p.fileIndex + 1}/${p.fileCount})\n`);
      }
      if (!p.skipped) bar?.update(p.done, { file: p.file });
    },
  });
  bar?.stop();
  io.out(
    `${formatTable(
      files.map((f) => ({ file: f.file, status: f.status, bytes: f.bytes })),
      { title: `${name} in ${dir}` },
    )}\n`,
  );
}

export function infoCommand(nameOrDir: string, io: Io): void {
  const d = loadDataset(nameOrDir);
  const rows = (['train', 'test'] as const).map((part) => {
    const ds = d[part];
    return {
      part,
      samples: ds.n,
      features: ds.features,
      classes: ds.classes,
      'per class': Array.from(classCounts(ds)).join(' '),
    };
  });
  io.out(`${formatTable(rows, { title: `${d.name} (${d.source})` })}\n`);
}

export function configure(data: Command, io: Io): void {
  data
    .command('fetch')
    .description('download MNIST or Fashion-MNIST (checksums verified, files written atomically)')
    .argument('<name>', 'mnist or fashion-mnist')
    .requiredOption('--dir <dir>', 'folder to put the IDX files in')
    .option('--base-url <url>', 'a mirror to download from instead of the official one')
    .action((name: string, o: { dir: string; baseUrl?: string }) => fetchCommand(name, o, io));
  data
    .command('info')
    .description('load a dataset and show its size and classes')
    .argument('<name|dir>', "'mnist' (built-in digits), 'fashion-mnist', or a folder of IDX files")
    .action((name: string) => infoCommand(name, io));
}
