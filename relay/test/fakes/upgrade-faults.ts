import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { sleep } from './fake-http.ts';
import type { Fault } from './faults.ts';

/**
 * Holds a WebSocket upgrade as `fault` says before it is answered: never (`hang`), or late
 * (`latency`). Meanwhile the socket is closed when the client gives up waiting, as a real server
 * would (server sockets are half-open capable), so a fake's open-socket count reflects what the
 * client did. True when the upgrade is to be answered now.
 */
export async function upgradeAnswered(socket: Socket, fault: Fault): Promise<boolean> {
  const onEnd = () => socket.destroy();
  socket.once('end', onEnd);
  if (fault.kind === 'hang') return false;
  if (fault.kind === 'latency') await sleep(fault.ms);
  if (socket.destroyed) return false;
  socket.off('end', onEnd);
  return true;
}

/**
 * Refuses a WebSocket upgrade as a provider's API answers an error: `status`, `body` as JSON, and
 * `headers` (a `Retry-After`, a vendor's own error header), then the connection is closed.
 */
export function refuseUpgrade(
  socket: Socket,
  status: number,
  body: unknown,
  headers: Record<string, string | number | undefined> = {},
): void {
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...Object.entries(headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}: ${String(value)}`),
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
}
