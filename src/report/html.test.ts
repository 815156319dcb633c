import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlReport, inlineSvg, writeReport } from './html.js';
import { lineChartSpec } from './lineChart.js';
import { renderSvg } from './render.js';

const svgWithClip = (label: string) =>
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><clipPath id="clip1"><rect width="5" height="5"/></clipPath></defs><g clip-path="url(#clip1)"><text>${label}</text></g><use href="#clip1"/></svg>`;

describe('htmlReport', () => {
  const report = () =>
    htmlReport({
      title: 'Optimizer paths <bowl>',
      description: 'First paragraph.\n\nSecond & last.',
      settings: { steps: 30, start: [-7, 2], lr: 0.95 },
      summary: [
        { optimizer: 'SGD', x: -0.3504, y: 0.0848 },
        { optimizer: 'Adam', x: 0.136, y: 0.3182 },
      ],
      checks: [
        { name: 'SGD final x', expected: '−0.3504 ± 1e-3', observed: '−0.3504', passed: true },
        { name: 'Adam final y', expected: '0.3182 ± 1e-3', observed: '0.9', passed: false },
      ],
      figures: [
        { title: 'Paths A', svg: svgWithClip('figA'), caption: 'first figure' },
        { title: 'Paths B', svg: svgWithClip('figB') },
      ],
      versions: { optlab: '0.1.0', node: 'v20' },
    });

  it('holds the title, paragraphs, tables, checks and figures, escaped', () => {
    const html = report();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Optimizer paths &lt;bowl&gt;</title>');
    expect(html).toContain('<p>First paragraph.</p>');
    expect(html).toContain('<p>Second &amp; last.</p>');
    expect(html).toContain('<td class="num">-0.3504</td>');
    expect(html).toContain('<td>[-7,2]</td>');
    expect(html).toMatch(
      /<tr class="pass"><td><span class="badge">PASS<\/span><\/td><td>SGD final x<\/td>/,
    );
    expect(html).toMatch(
      /<tr class="fail"><td><span class="badge">FAIL<\/span><\/td><td>Adam final y<\/td>/,
    );
    expect(html).toContain('1 of 2 checks passed');
    expect(html).toContain('<b>Figure 1.</b> Paths A — first figure');
    expect(html).toContain('<b>Figure 2.</b> Paths B');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toContain('<?xml');
  });

  it('is self-contained: no script, stylesheet link, image or external URL', () => {
    const html = report();
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    // the only URLs are SVG namespace declarations
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
    for (const u of urls) expect(u).toBe('http://www.w3.org/2000/svg');
  });

  it('gives each figure its own ids so clip paths do not collide', () => {
    const html = report();
    expect(html).toContain('id="f1-clip1"');
    expect(html).toContain('url(#f1-clip1)');
    expect(html).toContain('id="f2-clip1"');
    expect(html).toContain('url(#f2-clip1)');
    expect(html).toContain('href="#f2-clip1"');
    expect(html).not.toContain('"clip1"');
    expect(inlineSvg('<svg><g/></svg>', 'p')).toBe('<svg><g/></svg>');
  });

  it('embeds a real rendered chart and writes the file atomically', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        title: 'Curve',
        xTitle: 'epoch',
        yTitle: 'loss',
        series: [
          { name: 'train', x: [0, 1, 2], y: [1, 0.5, 0.25] },
          { name: 'test', x: [0, 1, 2], y: [1, 0.6, 0.5] },
        ],
      }),
    );
    const dir = join(mkdtempSync(join(tmpdir(), 'optlab-html-')), 'run');
    try {
      const path = await writeReport(dir, { title: 'Run', figures: [{ title: 'Curve', svg }] });
      expect(path).toBe(join(dir, 'report.html'));
      const html = readFileSync(path, 'utf8');
      expect(html).toContain('>epoch</text>');
      expect(html).toContain('>train</text>');
      // every clip-path reference points to an id that exists in the document
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids.has(m[1]!)).toBe(true);
      expect(readdirSync(dir)).toEqual(['report.html']);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('escapes all five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});
