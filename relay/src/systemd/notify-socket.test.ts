import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { afterEach, describe, expect, it } from 'vitest';
import { openNotifySocket, type NotifySocket } from './notify-socket.ts';

/** A bound datagram socket standing in for systemd's, collecting what it receives. */
function listen(address: string) {
  const received: string[] = [];
  const socket = new DgramSocket();
  socket.bind(address);
  socket.on('data', (data: Buffer) => received.push(data.toString()));
  return { received, close: () => socket.close() };
}

describe('openNotifySocket', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const open = async (address: string): Promise<NotifySocket> => {
    const s = await openNotifySocket(address);
    cleanups.push(() => s.close());
    return s;
  };

  it('sends datagrams to a socket at a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-notify-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const systemd = listen(join(dir, 'notify'));
    cleanups.push(systemd.close);
    const socket = await open(join(dir, 'notify'));
    await socket.send('READY=1\nSTATUS=Listening');
    await socket.send('WATCHDOG=1');
    await expect.poll(() => systemd.received).toEqual(['READY=1\nSTATUS=Listening', 'WATCHDOG=1']);
  });

  it('sends to an abstract socket (a leading NUL)', async () => {
    const address = `\0parley-notify-test-${process.pid}-${Date.now()}`;
    const systemd = listen(address);
    cleanups.push(systemd.close);
    const socket = await open(address);
    await socket.send('READY=1');
    await expect.poll(() => systemd.received).toEqual(['READY=1']);
  });

  it('rejects a send to a socket that is not there', async () => {
    const socket = await open(join(tmpdir(), `parley-no-such-notify-${process.pid}`));
    await expect(socket.send('READY=1')).rejects.toThrow(/no such file/i);
  });
});
