/**
 * Safe mapping of a request path onto a folder: percent-decoded once, any `..`,
 * `.`-file, backslash, NUL or empty segment refused, and the real path (symlinks
 * resolved) required to stay inside the folder's real path. A refused or absent
 * path gives null; the server answers 404 to all of them alike, so a probe
 * learns nothing about what exists outside.
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Decoded, checked path segments of `urlPath` (no leading slash), or null. */
export function safeSegments(urlPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(decoded)) return null;
  const parts = decoded.split('/');
  if (parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  for (const p of parts) if (p === '' || p.startsWith('.')) return null;
  return parts;
}

/** The real path of `root`, or null when it does not exist. */
export function realRoot(root: string): string | null {
  try {
    return realpathSync(root);
  } catch {
    return null;
  }
}

export interface Resolved {
  path: string;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

/**
 * The file or folder `urlPath` names inside `root` (a real path), or null when
 * it is refused, missing, or (through a symlink) outside `root`.
 */
export function resolveInside(root: string, urlPath: string): Resolved | null {
  const parts = safeSegments(urlPath);
  if (parts === null) return null;
  const candidate = join(root, ...parts);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    const st = statSync(real);
    if (!st.isFile() && !st.isDirectory()) return null;
    return { path: real, isDirectory: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}
