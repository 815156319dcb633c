/**
 * `npm run bench [name…]`: runs every *.bench.ts in this folder (or the named
 * ones) and prints their measurements. Speed is measured here, never asserted in tests.
 */
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const dir = new URL('.', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
for (const f of files) {
  console.log(`\n== ${f.replace('.bench.ts', '')} ==`);
  const mod = (await import(new URL(f, dir).href)) as { run: () => Promise<void> };
  await mod.run();
}
