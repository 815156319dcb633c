/**
 * Whether a worker is alive, from its id `host:pid:k`: on this host, its
 * process can be asked (`kill(pid, 0)`); on another, nothing can be known here
 * and the study relies on heartbeats (study.ts). Browser-safe: without a Node
 * `process`, every worker may be alive.
 */
interface ProcessLike {
  pid: number;
  kill(pid: number, sig: number): boolean;
}

export function nodeProcess(): ProcessLike | null {
  const p = (globalThis as { process?: ProcessLike }).process;
  return p && typeof p.pid === 'number' && typeof p.kill === 'function' ? p : null;
}

export function defaultHost(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.HOSTNAME ?? 'localhost';
}

/** Whether the worker `host:pid:k` may still be alive, seen from `localHost` (true when unknowable). */
export function workerMayBeAlive(workerId: string, localHost = defaultHost()): boolean {
  const proc = nodeProcess();
  const parts = workerId.split(':');
  const pid = Number(parts[parts.length - 2]);
  if (!proc || parts.slice(0, -2).join(':') !== localHost || !Number.isInteger(pid)) return true;
  try {
    proc.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
