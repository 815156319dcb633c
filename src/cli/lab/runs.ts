/**
 * What the lab's reports-and-studies page lists under `--runs DIR`: experiment
 * runs (folders holding `report.html` or `results.json`), studies exported as
 * JSON (`optlab tune` output: `{best, trials: [{params, value}]}`) and SQLite
 * study files, which are read here, opened read-only.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';

export interface RunEntry {
  /** Path relative to the runs folder, '/'-separated. */
  path: string;
  /** Has report.html. */
  report: boolean;
  /** Has results.json. */
  results: boolean;
  /** Figures (PNG or SVG) directly inside. */
  figures: string[];
  modified: number;
}

export interface StudyFile {
  path: string;
  kind: 'sqlite' | 'json';
  size: number;
}

const MAX_DEPTH = 3;
const MAX_ENTRIES = 2000;
const SQLITE_MAGIC = 'SQLite format 3\0';

function rel(root: string, p: string): string {
  return relative(root, p).split(sep).join('/');
}

function head(path: string, n: number): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Runs and study files under `root` (a real path), a few levels deep; symlinks are not followed. */
export function scanRuns(root: string): { runs: RunEntry[]; studies: StudyFile[] } {
  const runs: RunEntry[] = [];
  const studies: StudyFile[] = [];
  let seen = 0;
  const visit = (dir: string, depth: number) => {
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    names.sort((a, b) => a.name.localeCompare(b.name));
    const files = new Set(names.filter((d) => d.isFile()).map((d) => d.name));
    if (dir !== root && (files.has('report.html') || files.has('results.json'))) {
      runs.push({
        path: rel(root, dir),
        report: files.has('report.html'),
        results: files.has('results.json'),
        figures: [...files].filter((f) => /\.(png|svg)$/i.test(f)),
        modified: statSync(dir).mtimeMs,
      });
    }
    for (const d of names) {
      if (++seen > MAX_ENTRIES || d.name.startsWith('.')) continue;
      const p = join(dir, d.name);
      if (d.isDirectory() && depth < MAX_DEPTH) visit(p, depth + 1);
      else if (d.isFile()) {
        const size = statSync(p).size;
        if (/\.(sqlite|sqlite3|db)$/i.test(d.name) && head(p, 16) === SQLITE_MAGIC) {
          studies.push({ path: rel(root, p), kind: 'sqlite', size });
        } else if (
          /\.json$/i.test(d.name) &&
          d.name !== 'results.json' &&
          size < 50e6 &&
          /"trials"\s*:\s*\[/.test(head(p, 4096))
        ) {
          studies.push({ path: rel(root, p), kind: 'json', size });
        }
      }
    }
  };
  visit(root, 0);
  return { runs, studies };
}

export interface StudyTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  value: number | null;
}

export interface StudyData {
  /** Every study in the file. */
  names: string[];
  name: string;
  direction: string;
  trials: StudyTrial[];
}

/**
 * A study of an SQLite file, opened read-only (the file is never written, and a
 * study being run by `optlab tune` elsewhere is read as of its last commit).
 */
export function readSqliteStudy(path: string, name?: string): StudyData {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // the versioned schema (optlab_ tables) or the first, unversioned one
    const v2 = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'optlab_studies'")
      .get();
    const [studiesTable, trialsTable] = v2
      ? ['optlab_studies', 'optlab_trials']
      : ['studies', 'trials'];
    const studies = db
      .prepare(`SELECT id, name, direction FROM ${studiesTable} ORDER BY id`)
      .all() as {
      id: number;
      name: string;
      direction: string;
    }[];
    const s = name === undefined ? studies[0] : studies.find((x) => x.name === name);
    if (!s) throw new Error(name === undefined ? 'no study in this file' : `no study ${name}`);
    const rows = db
      .prepare(
        `SELECT number, attempt, state, params, value FROM ${trialsTable} WHERE study_id = ? ORDER BY COALESCE(finish_seq, 1e18), number, id`,
      )
      .all(s.id) as {
      number: number;
      attempt: number;
      state: string;
      params: string;
      value: number | null;
    }[];
    // a trial retried after its worker died has one row per attempt: keep the last
    const last = new Map<number, number>();
    for (const r of rows) last.set(r.number, Math.max(last.get(r.number) ?? -1, r.attempt));
    const shown = rows.filter((r) => r.attempt === last.get(r.number));
    return {
      names: studies.map((x) => x.name),
      name: s.name,
      direction: s.direction,
      trials: shown.map((r) => ({
        number: r.number,
        state: r.state,
        params: JSON.parse(r.params) as Record<string, unknown>,
        value: r.value,
      })),
    };
  } finally {
    db.close();
  }
}
