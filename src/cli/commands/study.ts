/**
 * `optlab study list|show|export|import`: look at stored studies and move them
 * between storages (SQLite ⇄ PostgreSQL) as JSON lines (storage/transfer.ts).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatParams, formatValue } from '../../tune/progress.js';
import { openStorage } from '../../tune/storage/open.js';
import { exportLines, parseExport, studyReport } from '../../tune/storage/transfer.js';
import type { StudyStorage } from '../../tune/storage.js';
import { type Io, printJson } from '../io.js';
import { SpecError } from '../spec.js';

/** Runs `fn` on the storage at `url` and closes it (a StorageError is bad input: status 2, errors.ts). */
async function withStorage<T>(url: string, fn: (s: StudyStorage) => Promise<T>): Promise<T> {
  const s = await openStorage(url);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

async function load(s: StudyStorage, name: string) {
  const info = await s.loadStudy(name);
  if (!info) throw new SpecError(`no study "${name}" in ${s.location}`);
  return { info, trials: await s.getTrials(info.id) };
}

export async function showCommand(
  name: string,
  o: { storage: string; json?: boolean },
  io: Io,
): Promise<void> {
  await withStorage(o.storage, async (s) => {
    const { info, trials } = await load(s, name);
    const r = studyReport(info, trials);
    if (o.json) return printJson(io, r);
    const st = r.study;
    const lines = [
      `study ${info.name} in ${s.location} (${info.direction}, budget ${info.nTrials ?? 'unset'})`,
      `states: ${Object.entries(st.states)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}${st.interrupted ? ` (${st.interrupted} interrupted attempts)` : ''}`,
      r.best
        ? `best: trial ${r.best.number}, value ${formatValue(r.best.value!)}  ${formatParams(r.best.params)}`
        : 'best: none yet',
      '',
      'number  attempt  state     value         worker                params',
    ];
    for (const t of r.trials) {
      lines.push(
        `${String(t.number).padStart(6)}  ${String(t.attempt).padStart(7)}  ${t.state.padEnd(8)}  ${(t.value === null ? '-' : formatValue(t.value)).padEnd(12)}  ${(t.worker ?? '-').slice(0, 20).padEnd(20)}  ${formatParams(t.params)}`,
      );
    }
    io.out(`${lines.join('\n')}\n`);
  });
}

export async function listCommand(o: { storage: string; json?: boolean }, io: Io): Promise<void> {
  await withStorage(o.storage, async (s) => {
    const studies = await s.listStudies();
    if (o.json) return printJson(io, { studies: studies.map((x) => x.name) });
    io.out(studies.map((x) => `${x.name}\n`).join(''));
  });
}

export async function exportCommand(
  name: string,
  o: { storage: string; out?: string },
  io: Io,
): Promise<void> {
  await withStorage(o.storage, async (s) => {
    const { info, trials } = await load(s, name);
    const text = `${exportLines(info, trials).join('\n')}\n`;
    if (o.out === undefined) return io.out(text);
    const tmp = `${o.out}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, o.out);
  });
}

export async function importCommand(
  file: string,
  o: { storage: string; study?: string },
  io: Io,
): Promise<void> {
  let text: string;
  try {
    text = file === '-' ? io.stdin() : readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpecError(`cannot read ${JSON.stringify(file)}: ${(e as Error).message}`);
  }
  let parsed: ReturnType<typeof parseExport>;
  try {
    parsed = parseExport(text, o.study);
  } catch (e) {
    throw new SpecError(`invalid study export: ${(e as Error).message}`);
  }
  await withStorage(o.storage, async (s) => {
    if (await s.loadStudy(parsed.config.name))
      throw new SpecError(
        `study "${parsed.config.name}" already exists in ${s.location} (choose another name with --study)`,
      );
    await s.importStudy(parsed.config, parsed.trials);
    io.err(`imported study ${parsed.config.name}: ${parsed.trials.length} trial rows\n`);
  });
}

export function configure(study: Command, io: Io): void {
  study
    .command('list')
    .description('the names of the studies in a storage')
    .requiredOption('--storage <url>', 'an SQLite file (or sqlite:///path) or postgresql://…')
    .option('--json', 'print {"studies": [names]}')
    .action((o: { storage: string; json?: boolean }) => listCommand(o, io));
  study
    .command('show')
    .description('a study: its state counts, best trial and every trial')
    .argument('<name>', 'study name')
    .requiredOption('--storage <url>', 'an SQLite file (or sqlite:///path) or postgresql://…')
    .option(
      '--json',
      'print {"study": …, "best": …, "trials": [{number, state, params, value, worker, …}]}',
    )
    .action((name: string, o: { storage: string; json?: boolean }) => showCommand(name, o, io));
  study
    .command('export')
    .description('write a study as JSON lines (a header, then one line per trial)')
    .argument('<name>', 'study name')
    .requiredOption('--storage <url>', 'an SQLite file (or sqlite:///path) or postgresql://…')
    .option('--out <file>', 'write here (atomically) instead of standard output')
    .action((name: string, o: { storage: string; out?: string }) => exportCommand(name, o, io));
  study
    .command('import')
    .description('create a study from an export (JSON lines)')
    .argument('<file>', 'the export, or - for standard input')
    .requiredOption('--storage <url>', 'an SQLite file (or sqlite:///path) or postgresql://…')
    .option('--study <name>', 'store it under this name instead of the exported one')
    .addHelpText(
      'after',
      `
Example (SQLite to PostgreSQL):
  optlab study export s1 --storage study.db | optlab study import - --storage postgresql://optlab@db/optlab`,
    )
    .action((file: string, o: { storage: string; study?: string }) => importCommand(file, o, io));
}
