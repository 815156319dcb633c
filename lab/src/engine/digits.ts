/**
 * The built-in digits in the page: the packed asset data/digits.bin (see
 * vite.config.ts) fetched once and split by the library's own
 * `splitBuiltinDigits`, so every row is the one the CLI's `mnist` gives.
 */
import { data } from 'optlab/core';

let raw: Promise<data.DigitsRaw> | null = null;

/** Pixels and labels of the 10,000 digits (fetched once per worker). */
export function digitsRaw(url: string): Promise<data.DigitsRaw> {
  raw ??= (async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot load the built-in digits from ${url}: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const view = new DataView(bytes.buffer);
    const counts = Array.from({ length: 10 }, (_, d) => view.getUint32(4 * d, true));
    const n = counts.reduce((a, b) => a + b, 0);
    if (bytes.length !== 40 + n * 784)
      throw new Error(`${url}: ${bytes.length} bytes, expected ${40 + n * 784}`);
    const labels = new Int32Array(n);
    let k = 0;
    counts.forEach((c, d) => {
      labels.fill(d, k, k + c);
      k += c;
    });
    return { pixels: bytes.subarray(40), labels };
  })();
  return raw;
}

/** The CLI's `mnist` dataset: 8,000 training and 2,000 test digits. */
export async function builtinDigits(url: string): Promise<data.DatasetSplits> {
  return data.splitBuiltinDigits(await digitsRaw(url));
}
