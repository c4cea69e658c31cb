import { describe, expect, it } from 'vitest';
import { calibrateHost } from './host-calibration.ts';

describe('calibrateHost', () => {
  it('measures a bare ws server’s CPU per frame it received, per window', async () => {
    const c = await calibrateHost({ clients: 20, warmupS: 0.3, windows: 2, windowS: 0.5 });
    expect(c.clients).toBe(20);
    expect(c.windowsUs).toHaveLength(2);
    // 20 clients × 10 frames/s for 0.5 s reach the server: each window has a finite cost.
    for (const us of c.windowsUs) {
      expect(Number.isFinite(us)).toBe(true);
      expect(us).toBeGreaterThan(0);
    }
    expect(c.windowsUs).toContain(c.cpuPerFrameUs);
    expect(c.cpuPercent).toBeGreaterThan(0);
  }, 20_000);
});
