/**
 * Firefox for the lab's tests, driven over WebDriver BiDi (the W3C protocol
 * Firefox speaks natively) with a few commands: Playwright's own Firefox needs
 * its patched build, and its BiDi mode needs commands Firefox ESR lacks.
 *
 * Debian's firefox-esr at /usr/bin/firefox-esr (or OPTLAB_FIREFOX); missing:
 * the tests fail under CI and are skipped elsewhere (see browser.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.OPTLAB_FIREFOX ?? '/usr/bin/firefox-esr';

export function firefoxMissing(): string | null {
  return existsSync(FIREFOX)
    ? null
    : `Firefox not found at ${FIREFOX}: install it (apt-get install firefox-esr, or .ci/setup.d/35-firefox.sh) or set OPTLAB_FIREFOX`;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** One headless Firefox with one tab, commands sent over BiDi. */
export class Firefox {
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[] = [];
  private next = 1;
  private pending = new Map<number, Pending>();
  private context = '';

  private constructor(
    private readonly proc: ChildProcess,
    private readonly ws: WebSocket,
    private readonly profile: string,
  ) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        id?: number;
        type: string;
        result?: unknown;
        error?: string;
        message?: string;
        method?: string;
        params?: { level?: string; text?: string };
      };
      if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.type === 'error') p?.reject(new Error(`${m.error}: ${m.message}`));
        else p?.resolve(m.result);
      } else if (m.method === 'log.entryAdded' && m.params?.level === 'error') {
        this.errors.push(m.params.text ?? 'error');
      }
    });
  }

  static async launch(): Promise<Firefox> {
    const profile = mkdtempSync(join(tmpdir(), 'optlab-firefox-'));
    // no updates, no telemetry, no first-run pages, nothing fetched in the background
    writeFileSync(
      join(profile, 'user.js'),
      [
        'user_pref("app.update.enabled", false);',
        'user_pref("browser.shell.checkDefaultBrowser", false);',
        'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
        'user_pref("toolkit.telemetry.enabled", false);',
        'user_pref("browser.startup.homepage_override.mstone", "ignore");',
        'user_pref("network.captive-portal-service.enabled", false);',
        'user_pref("extensions.update.enabled", false);',
        'user_pref("browser.safebrowsing.update.enabled", false);',
        '',
      ].join('\n'),
    );
    const proc = spawn(
      FIREFOX,
      [
        '--headless',
        '--no-remote',
        '--remote-debugging-port=0',
        '--profile',
        profile,
        'about:blank',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      const t = setTimeout(() => reject(new Error(`Firefox did not start: ${text}`)), 60_000);
      const on = (c: Buffer) => {
        text += c;
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(text);
        if (m) {
          clearTimeout(t);
          resolve(m[1]!);
        }
      };
      proc.stderr!.on('data', on);
      proc.stdout!.on('data', on);
      proc.on('exit', (c) => reject(new Error(`Firefox exited (${c}): ${text}`)));
    });
    const ws = new WebSocket(`${url}/session`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const ff = new Firefox(proc, ws, profile);
    await ff.send('session.new', { capabilities: {} });
    await ff.send('session.subscribe', { events: ['log.entryAdded'] });
    const tree = (await ff.send('browsingContext.getTree', {})) as {
      contexts: { context: string }[];
    };
    ff.context = tree.contexts[0]!.context;
    await ff.send('browsingContext.setViewport', {
      context: ff.context,
      viewport: { width: 1280, height: 800 },
    });
    return ff;
  }

  send(method: string, params: unknown): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async goto(url: string): Promise<void> {
    await this.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
  }

  /** Evaluates `expr` (a promise is awaited) in the page; the value goes through JSON. */
  async eval<T>(expr: string): Promise<T> {
    const r = (await this.send('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expr})))()`,
      target: { context: this.context },
      awaitPromise: true,
    })) as { type: string; result?: { value?: string }; exceptionDetails?: { text: string } };
    if (r.type === 'exception') throw new Error(`in Firefox: ${r.exceptionDetails?.text}`);
    return JSON.parse(r.result?.value ?? 'null') as T;
  }

  /** Polls `expr` until it is truthy. */
  async waitFor(expr: string, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    while (!(await this.eval<boolean>(`Boolean(${expr})`))) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${expr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async screenshot(path: string): Promise<void> {
    const r = (await this.send('browsingContext.captureScreenshot', {
      context: this.context,
      origin: 'document',
    })) as { data: string };
    writeFileSync(path, Buffer.from(r.data, 'base64'));
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.send('browser.close', {}), new Promise((r) => setTimeout(r, 5000))]);
    } catch {
      // closing anyway
    }
    this.ws.close();
    if (this.proc.exitCode === null) {
      await Promise.race([
        new Promise((r) => this.proc.once('exit', r)),
        new Promise((r) => setTimeout(r, 5000)),
      ]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
