import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test/helpers.js';
import { DataError } from '../data/errors.js';
import { OptionError } from '../options/index.js';
import { TrainingError } from '../train/errors.js';
import { ResumeMismatchError } from '../train/resume.js';
import { StorageError } from '../tune/storage.js';
import { exitStatus, MAX_ERROR_CHARS, oneLine, SpecError } from './errors.js';
import { NonFiniteResultError } from './io.js';
import { COMMANDS, invokedCommand } from './table.js';

const io = { out: () => {}, err: () => {}, stdin: () => '', isTTY: false };

describe('the command table', () => {
  it("each row's usage is what its module declares (the list in optlab --help is true)", async () => {
    const plain = new Help();
    for (const row of COMMANDS) {
      const cmd = new Command(row.name);
      (await row.load())(cmd, io);
      expect(plain.subcommandTerm(cmd), row.name).toBe(
        row.usage ? `${row.name} ${row.usage}` : row.name,
      );
      // a module adds arguments, options and an action, never its own name or summary
      expect(cmd.name()).toBe(row.name);
      expect(cmd.description()).toBe('');
    }
  });

  it('optlab --help lists every row, in order, with its usage and summary', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    const at = COMMANDS.map((c) =>
      r.stdout.indexOf(`\n  ${c.name}${c.usage ? ` ${c.usage}` : ''} `),
    );
    for (const [k, c] of COMMANDS.entries()) expect(at[k], c.name).toBeGreaterThan(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(COMMANDS[2]!.summary);
  });

  it('finds the command argv runs, also through help', () => {
    expect(invokedCommand(['train', '--config', 'c.yaml'])?.name).toBe('train');
    expect(invokedCommand(['help', 'tune'])?.name).toBe('tune');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['evl'])).toBeUndefined();
    expect(invokedCommand([])).toBeUndefined();
  });

  it('an unknown command is refused with a suggestion and status 2', async () => {
    const r = await cli(['evl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'evl'\n\(Did you mean eval\?\)/);
    expect(r.stdout).toBe('');
  });

  it('help NAME shows the help of that command', async () => {
    const r = await cli(['help', 'export']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: optlab export \[options\] <model>/);
    expect(r.stdout).toContain('--format <format>');
  });
});

describe('errors by type', () => {
  it('bad input is status 2, a failure while running 1, whatever the message says', async () => {
    expect(await exitStatus(new SpecError('x'))).toBe(2);
    expect(await exitStatus(new OptionError('adam: option lr must be > 0', 'adam', 'lr'))).toBe(2);
    expect(await exitStatus(new ResumeMismatchError('resume: other settings'))).toBe(2);
    expect(await exitStatus(new StorageError('not a study database'))).toBe(2);
    expect(await exitStatus(new TrainingError('training diverged', 3, 0))).toBe(1);
    expect(await exitStatus(new DataError('not-found', 'no such folder'))).toBe(1);
    expect(await exitStatus(new NonFiniteResultError('f is Infinity'))).toBe(1);
    // the message decides nothing (the CLI once matched /^invalid spec/)
    expect(await exitStatus(new RangeError('invalid spec: field x'))).toBe(1);
    expect(await exitStatus(new Error('invalid spec'))).toBe(1);
    expect(await exitStatus('a string')).toBe(1);
  });

  it('messages become one line of at most MAX_ERROR_CHARS characters', () => {
    expect(oneLine('a\n  b\r\nc ')).toBe('a b c');
    const long = oneLine('x'.repeat(2 * MAX_ERROR_CHARS));
    expect(long.length).toBe(MAX_ERROR_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('an error thrown by a command is printed as one line with its status', async () => {
    const r = await cli(['data', 'info', '/nonexistent-optlab-dir']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^optlab: '\/nonexistent-optlab-dir' is neither a known dataset/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    const s = await cli(['train']);
    expect(s.status).toBe(2);
    expect(s.stderr).toBe(
      'optlab: train needs --config FILE (or --resume DIR to continue a run)\n',
    );
  });
});
