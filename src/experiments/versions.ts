/** Versions recorded with every result, so a figure can be traced to the code that made it. */
import { readFileSync } from 'node:fs';

let cached: Record<string, string> | null = null;

export function versions(): Record<string, string> {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  cached = {
    optlab: pkg.version,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  for (const dep of ['vega', 'vega-lite', '@resvg/resvg-js']) {
    try {
      const p = JSON.parse(
        readFileSync(new URL(`../../node_modules/${dep}/package.json`, import.meta.url), 'utf8'),
      ) as { version: string };
      cached[dep] = p.version;
    } catch {
      // not installed beside us (a bundled build): leave it out
    }
  }
  return cached;
}
