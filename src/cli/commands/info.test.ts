import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';
import { backend } from '../../backend/index.js';
import { loadNative } from '../../backend/native/index.js';

describe('optlab info', () => {
  it('prints the version, the backend in use, the kernels and the thread count', async () => {
    const r = await cli(['info']);
    expect(r.status).toBe(0);
    const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default;
    expect(r.stdout).toContain(`optlab ${pkg.version}`);
    expect(r.stdout).toMatch(new RegExp(`^backend\\s+${backend().name}$`, 'm'));
    expect(r.stdout).toMatch(/^threads\s+\d+$/m);
    const n = loadNative();
    if (n.ok)
      expect(r.stdout).toMatch(new RegExp(`^kernels\\s+${n.addon.cpuInfo().isa} \\(CPU:`, 'm'));
    else expect(r.stdout).toMatch(/^native\s+not available/m);
  });

  it('--json gives the same facts as one object', async () => {
    const r = await cli(['info', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.backend).toBe(backend().name);
    expect(j.node).toBe(process.version);
    const n = loadNative();
    expect(j.native.available).toBe(n.ok);
    if (n.ok) {
      const c = n.addon.cpuInfo();
      expect(j.native.cpu).toEqual({ avx512f: c.avx512f, avx2: c.avx2, fma: c.fma });
      expect(j.native.threads).toBe(n.addon.getThreads());
      expect(['avx512', 'avx2', 'generic']).toContain(j.native.isa);
    }
  });
});
