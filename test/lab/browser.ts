/**
 * Helpers of the browser tests: Debian's Chromium driven by playwright-core
 * (no browser download), the lab served in-process by `optlab lab`'s server.
 *
 * Chromium missing: under CI (`CI` set) the tests fail with a message; on a
 * user's machine they are skipped with a message saying how to enable them
 * (`apt-get install chromium`, or `OPTLAB_CHROMIUM=/path/to/chrome`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { labAssetsDir, startLabServer } from '../../src/cli/lab/server.js';

export const CHROMIUM = process.env.OPTLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM))
    return `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium, or .ci/setup.d/30-chromium.sh) or set OPTLAB_CHROMIUM`;
  if (!existsSync(join(labAssetsDir(), 'index.html')))
    return `the lab is not built (${labAssetsDir()}): run npm run build`;
  return null;
}

/** Fails under CI, else says the tests are skipped and why. */
export function checkBrowser(why = browserMissing()): boolean {
  if (why === null) return true;
  if (process.env.CI) throw new Error(`browser tests cannot run under CI: ${why}`);
  console.warn(`skipping the browser tests: ${why}`);
  return false;
}

export const OUTPUT = resolve(import.meta.dirname, '../../test-output/lab');

export interface Lab {
  url: string;
  server: Server;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Serves the lab (runs folder `runs`) and launches a fresh headless Chromium. */
export async function openLab(runs: string): Promise<Lab> {
  const { server, url } = await startLabServer({
    assets: labAssetsDir(),
    runs,
    host: '127.0.0.1',
    port: 0,
  });
  const profile = mkdtempSync(join(tmpdir(), 'optlab-chromium-'));
  // a fresh profile each time (playwright passes it as --user-data-dir)
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  context.setDefaultTimeout(60_000); // a loaded 2-core CI machine runs the whole suite beside
  mkdirSync(OUTPUT, { recursive: true });
  return {
    url,
    server,
    context,
    async close() {
      await context.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and page errors into `errors`. */
export async function newPage(lab: Lab): Promise<{ page: Page; errors: string[] }> {
  const page = await lab.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}
