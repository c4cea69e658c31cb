import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

/**
 * The built relay, run as systemd runs a `Type=notify` service with a watchdog
 * (deploy/parley.service): a datagram socket in a temp folder stands in for systemd's and
 * collects what the relay tells it.
 */
describe('the relay under systemd (sd_notify)', () => {
  let dir: string;
  let systemd: DgramSocket;
  const received: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-systemd-'));
    systemd = new DgramSocket();
    systemd.bind(join(dir, 'notify'));
    systemd.on('data', (data: Buffer) => received.push(data.toString()));
  });
  afterAll(() => {
    systemd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = () => received.flatMap((m) => m.split('\n'));
  const count = (line: string) => lines().filter((l) => l === line).length;

  it('says READY=1 once it listens, pings the watchdog, and STOPPING=1 on SIGTERM', async () => {
    const relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      DATA_DIR: join(dir, 'data'),
      NOTIFY_SOCKET: join(dir, 'notify'),
      // A 1 s watchdog: a ping every 500 ms.
      WATCHDOG_USEC: '1000000',
    });
    try {
      await relay.start();
      await expect.poll(() => count('READY=1')).toBe(1);
      const ready = received.find((m) => m.startsWith('READY=1'));
      expect(ready).toBe(`READY=1\nSTATUS=Listening on ${relay.url}`);
      // Start-up progress came before it, and nothing claimed to stop.
      expect(received.indexOf(ready ?? '')).toBeGreaterThan(0);
      expect(received[0]).toBe('STATUS=Starting: loading providers');
      await expect.poll(() => count('WATCHDOG=1')).toBeGreaterThanOrEqual(2);
      // Every ping came after READY=1, each with the running status.
      const pings = received.filter((m) => m.startsWith('WATCHDOG=1'));
      expect(received.indexOf(pings[0] ?? '')).toBeGreaterThan(received.indexOf(ready ?? ''));
      expect(pings[0]).toBe(`WATCHDOG=1\nSTATUS=Listening on ${relay.url}: 0 sessions`);
      expect(count('STOPPING=1')).toBe(0);

      expect(await relay.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      await expect.poll(() => count('STOPPING=1')).toBe(1);
      expect(received).toContain('STOPPING=1\nSTATUS=Stopping (SIGTERM): draining 0 sessions');
    } finally {
      await relay.stop('SIGKILL');
    }
  });
});
