import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { takeBinaryMessages } from './binary-messages.ts';

/** A ws server and a client connected to it; `server` is the server's side of the socket. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; close: () => void }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((r) => wss.once('listening', r));
  const { port } = wss.address() as AddressInfo;
  const accepted = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  const server = await accepted;
  return {
    server,
    client,
    close: () => {
      client.terminate();
      wss.close();
    },
  };
}

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('takeBinaryMessages', () => {
  it('hands binary messages over whole, and leaves text to the other listeners', async () => {
    const { server, client, close } = await pair();
    cleanup = close;
    const binary: Uint8Array[] = [];
    const others: { data: unknown; isBinary: boolean }[] = [];
    server.on('message', (data, isBinary) => others.push({ data, isBinary }));
    takeBinaryMessages(server, (bytes) => binary.push(bytes));

    const chunk = Uint8Array.from({ length: 3220 }, (_, i) => i % 251);
    client.send(chunk);
    client.send('{"type":"ping"}');
    // One message in two fragments arrives joined.
    client.send(chunk.subarray(0, 1000), { fin: false });
    client.send(chunk.subarray(1000), { fin: true });
    client.send(new Uint8Array([1, 2, 3]));
    await expect.poll(() => binary.length).toBe(3);
    await expect.poll(() => others.length).toBe(1);

    expect(Buffer.from(binary[0]!).equals(Buffer.from(chunk))).toBe(true);
    expect(Buffer.from(binary[1]!).equals(Buffer.from(chunk))).toBe(true);
    expect([...binary[2]!]).toEqual([1, 2, 3]);
    expect(others[0]?.isBinary).toBe(false);
    expect(String(others[0]?.data)).toBe('{"type":"ping"}');
  });

  it('lets close reach the other listeners', async () => {
    const { server, client, close } = await pair();
    cleanup = close;
    takeBinaryMessages(server, () => undefined);
    const closed = new Promise<number>((r) => server.once('close', (code) => r(code)));
    client.close(4001, 'bye');
    expect(await closed).toBe(4001);
  });

  it('leaves anything that is not a ws socket alone', () => {
    const other = { emit: () => true };
    const emit = other.emit;
    takeBinaryMessages(other, () => undefined);
    expect(other.emit).toBe(emit);
  });
});
