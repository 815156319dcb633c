/** Layout options shared by the small-multiples charts. */
import { z } from 'zod';
import { count } from '../options/index.js';

/** `columns`: panels per row, an integer ≥ 1 (default `fallback`). */
export const gridLayout = (fallback: number) => z.object({ columns: count().default(fallback) });
