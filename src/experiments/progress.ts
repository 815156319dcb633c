/** Progress reporting: a bar (cli-progress) on a terminal, a few plain lines otherwise. */
import cliProgress from 'cli-progress';
import type { Progress } from './types.js';

export function silentProgress(): Progress {
  return { start() {}, tick() {}, stop() {} };
}

/** Plain lines at every 10% (for logs and CI). */
export function lineProgress(write: (s: string) => void, prefix: string): Progress {
  let total = 0;
  let done = 0;
  let label = '';
  let nextPct = 10;
  let t0 = 0;
  return {
    start(n, l) {
      total = Math.max(1, n);
      done = 0;
      label = l;
      nextPct = 10;
      t0 = Date.now();
    },
    tick(n = 1, info) {
      done += n;
      const pct = (100 * done) / total;
      if (pct >= nextPct) {
        write(
          `${prefix}${label}: ${Math.min(100, Math.floor(pct))}% (${((Date.now() - t0) / 1000).toFixed(1)} s)${info ? ` ${info}` : ''}\n`,
        );
        while (nextPct <= pct) nextPct += 10;
      }
    },
    stop() {},
  };
}

/** A terminal bar with the time left. */
export function barProgress(stream: NodeJS.WritableStream, prefix: string): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(n, label) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${prefix}${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, ~{eta_formatted} left {info}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, n), 0, { info: '' });
    },
    tick(n = 1, info) {
      bar?.increment(n, { info: info ?? '' });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
