import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { openSystemdNotify } from './index.ts';

const log = logger('test:systemd');

describe('openSystemdNotify', () => {
  it('is null without NOTIFY_SOCKET', async () => {
    expect(await openSystemdNotify({ WATCHDOG_USEC: '1000000' }, log)).toBeNull();
  });

  it('takes systemd’s variables out of the environment children would inherit', async () => {
    const env: Record<string, string | undefined> = {
      NOTIFY_SOCKET: 'not-absolute',
      WATCHDOG_USEC: '1000000',
      WATCHDOG_PID: '1',
      PORT: '8787',
    };
    expect(await openSystemdNotify(env, log)).toBeNull();
    expect(env).toEqual({ PORT: '8787' });
  });

  it('notifies the socket NOTIFY_SOCKET names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-notify-'));
    const systemd = new DgramSocket();
    const received: string[] = [];
    try {
      systemd.bind(join(dir, 'notify'));
      systemd.on('data', (data: Buffer) => received.push(data.toString()));
      const notifier = await openSystemdNotify({ NOTIFY_SOCKET: join(dir, 'notify') }, log);
      expect(notifier).not.toBeNull();
      notifier?.ready('Listening');
      notifier?.stopping('Stopping');
      notifier?.close();
      await expect
        .poll(() => received)
        .toEqual(['READY=1\nSTATUS=Listening', 'STOPPING=1\nSTATUS=Stopping']);
    } finally {
      systemd.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
