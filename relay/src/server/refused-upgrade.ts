import { IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** Headers that belong to one connection or to the framing, never copied into a refusal. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type Fetch = (request: Request, env: never) => unknown;

/**
 * Wraps the app's `fetch` so that a refused WebSocket upgrade (403 foreign origin, 429 too many
 * connections…) is answered with its whole response, typed JSON body included.
 * `@hono/node-server` answers a refused upgrade itself from the response's status and headers
 * only, with `Content-Length: 0`: the client got `content-type: application/json` and no body.
 * This writes the response, then closes the socket, which the server leaves alone once closed.
 */
export function withRefusedUpgradeBodies<F extends Fetch>(fetch: F): F {
  const wrapped = async (request: Request, env: never) => {
    const response = await fetch(request, env);
    const socket = upgradeSocketOf(env);
    if (socket !== null && response instanceof Response && response.status >= 300)
      await writeAndClose(socket, response);
    return response;
  };
  return wrapped as F;
}

/**
 * The socket of an upgrade request: `@hono/node-server` calls `fetch` with the request and no
 * response object (`outgoing`) on the `upgrade` event, and with both for plain HTTP.
 */
function upgradeSocketOf(env: unknown): Socket | null {
  if (typeof env !== 'object' || env === null) return null;
  const { incoming, outgoing } = env as { incoming?: unknown; outgoing?: unknown };
  if (!(incoming instanceof IncomingMessage) || outgoing !== undefined) return null;
  return incoming.socket;
}

async function writeAndClose(socket: Socket, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (socket.destroyed || !socket.writable) return;
  const lines = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`,
    'Connection: close',
    `Content-Length: ${body.length}`,
  ];
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  });
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  // Written to the kernel before the socket is closed, so nothing of the answer is cut. (The
  // server keeps an error listener on the socket until the upgrade is settled.)
  await new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.end(Buffer.concat([head, body]), () => resolve());
  });
  socket.destroy();
}
