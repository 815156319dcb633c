/**
 * The browser lab in Firefox (Debian's firefox-esr over WebDriver BiDi): every
 * page loads without a console error, a playground race ends where `optlab
 * trace` ends (to 1e-9), and a dashboard run reaches ≥ 85% test accuracy.
 * Its screenshot goes to test-output/lab/firefox-*.png.
 *
 * No Firefox: fails under CI, skipped elsewhere with a message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAssetsDir, startLabServer } from '../../src/cli/lab/server.js';
import { cli } from '../helpers.js';
import { browserMissing, checkBrowser, OUTPUT } from './browser.js';
import { Firefox, firefoxMissing } from './firefox.js';

const missing =
  firefoxMissing() ?? (browserMissing()?.includes('not built') ? browserMissing() : null);
const enabled = checkBrowser(missing);

if (enabled)
  describe('the browser lab in Firefox', () => {
    let ff: Firefox;
    let server: Server;
    let url: string;
    let runs: string;

    beforeAll(async () => {
      runs = mkdtempSync(join(tmpdir(), 'optlab-lab-ff-'));
      ({ server, url } = await startLabServer({
        assets: labAssetsDir(),
        runs,
        host: '127.0.0.1',
        port: 0,
      }));
      ff = await Firefox.launch();
    }, 90_000);

    afterAll(async () => {
      await ff?.close();
      await new Promise<void>((r) => {
        server?.close(() => r());
        server?.closeAllConnections();
      });
      rmSync(runs, { recursive: true, force: true });
    });

    it('every page loads without a console error', async () => {
      const ready: Record<string, string> = {
        playground:
          "document.querySelector('.status[data-done]') && document.querySelector('[data-testid=\"loss-chart\"] svg')",
        dashboard: 'document.querySelector(\'[data-testid="start"]\')',
        activations: 'document.querySelector(\'[data-testid="histograms"] svg\')',
        curvature: 'document.querySelector(\'[data-testid="curvature-start"]\')',
        reports: "document.querySelector('main h2')",
      };
      for (const [route, expr] of Object.entries(ready)) {
        await ff.goto(`${url}#/${route}`);
        await ff.waitFor(expr);
      }
      expect(await ff.eval<boolean>('crossOriginIsolated')).toBe(true);
      expect(ff.errors).toEqual([]);
    }, 120_000);

    it('a race ends where optlab trace ends, to 1e-9', async () => {
      const x0 = [-7, 2];
      const opts = { sgd: 0.95, momentum: 0.1, adagrad: 1.5, adam: 0.3, rmsprop: 0.1 };
      const o = Object.entries(opts)
        .map(([k, v]) => `${k}:${v}`)
        .join(',');
      await ff.goto(
        `${url}#/playground?p=bowl&x0=${x0}&n=30&o=${o}&mu=0.9&rho=0.9&b1=0.9&b2=0.999&eps=1e-8`,
      );
      await ff.waitFor("document.querySelector('.status[data-done]')");
      await new Promise((r) => setTimeout(r, 2000));
      await ff.screenshot(join(OUTPUT, 'firefox-playground.png'));
      const got = await ff.eval<Record<string, [number, number]>>(
        'Object.fromEntries([...document.querySelectorAll(\'[data-testid^="final-"]\')].map((e) => [e.dataset.testid.slice(6), [Number(e.dataset.x), Number(e.dataset.y)]]))',
      );
      const spec: Record<string, Record<string, unknown>> = {
        sgd: { name: 'sgd', lr: 0.95 },
        momentum: { name: 'momentum', lr: 0.1, momentum: 0.9 },
        adagrad: { name: 'adagrad', lr: 1.5 },
        adam: { name: 'adam', lr: 0.3, b1: 0.9, b2: 0.999, eps: 1e-8 },
        rmsprop: { name: 'rmsprop', lr: 0.1, decay: 0.9 },
      };
      expect(Object.keys(got).sort()).toEqual(Object.keys(opts).sort());
      for (const name of Object.keys(opts)) {
        const r = await cli(['trace', '-'], {
          stdin: JSON.stringify({
            problem: { name: 'bowl' },
            x0,
            optimizer: spec[name],
            steps: 30,
          }),
        });
        const want = (JSON.parse(r.stdout) as { x: number[][] }).x[30]!;
        for (let i = 0; i < 2; i++)
          expect(Math.abs(got[name]![i]! - want[i]!), name).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(want[i]!)),
          );
      }
      expect(ff.errors).toEqual([]);
    }, 60_000);

    it('a dashboard run reaches ≥ 85% test accuracy', async () => {
      await ff.goto(`${url}#/dashboard?epochs=2`);
      await ff.waitFor('document.querySelector(\'[data-testid="start"]\')');
      await ff.eval('document.querySelector(\'[data-testid="start"]\').click()');
      await ff.waitFor(
        "document.querySelector('[data-testid=\"state-1\"]')?.textContent === 'done'",
        150_000,
      );
      const acc = await ff.eval<number>(
        'Number(document.querySelector(\'[data-testid="test-accuracy-1"]\').dataset.value)',
      );
      const rate = await ff.eval<number>(
        'Number(document.querySelector(\'[data-testid="throughput-1"]\').dataset.value)',
      );
      expect(acc).toBeGreaterThanOrEqual(0.85);
      writeFileSync(
        join(OUTPUT, 'throughput-firefox.json'),
        JSON.stringify({ samplesPerSecond: rate, testAccuracy: acc }),
      );
      await ff.screenshot(join(OUTPUT, 'firefox-dashboard.png'));
      expect(ff.errors).toEqual([]);
    }, 180_000);
  });
