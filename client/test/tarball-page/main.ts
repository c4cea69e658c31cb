// A site's page on the packed @parley/client (client/test/tarball-page.ts builds it from the
// tarball alone): a talk button, an end button, and every event it hears kept in
// `window.parleyEvents` for the test to read. The relay serves the page; its backend is the
// relay's dev-mode ticket exchange (`POST /api/session`, no token).
import { createParleyCall, type ParleyCallEvents, type ServerMessage } from '@parley/client';

const heard: { event: keyof ParleyCallEvents; payload: unknown }[] = [];
Object.assign(window, { parleyEvents: heard });

async function ticket(signal: AbortSignal): Promise<string> {
  const res = await fetch('/api/session', { method: 'POST', signal });
  const body: unknown = await res.json();
  if (
    typeof body === 'object' &&
    body !== null &&
    'ticket' in body &&
    typeof body.ticket === 'string'
  )
    return body.ticket;
  throw new Error(`no ticket: HTTP ${res.status}`);
}

const call = createParleyCall({
  relayUrl: location.origin,
  getTicket: ticket,
  // The package's vad/ folder, copied to the page's own (public/vad/ in its build).
  assetBaseUrl: new URL('/', location.href),
});

const names = ['state', 'connection', 'transcript', 'reply', 'error'] as const;
for (const name of names) call.on(name, (payload) => heard.push({ event: name, payload }));

// The protocol's own messages are typed from the tarball's declarations alone (zod's types are
// inlined in them): a type that is not the protocol's is refused.
call.on('message', (m: ServerMessage) => {
  if (m.type === 'turn.done') heard.push({ event: 'message', payload: { type: m.type } });
});
// @ts-expect-error -- not a message of the protocol (were ServerMessage `any`, this would pass)
const notAMessage: ServerMessage['type'] = 'no.such.message';
Object.assign(window, { notAMessage });

document.querySelector('#talk')?.addEventListener('click', () => {
  void call.start();
});
document.querySelector('#end')?.addEventListener('click', () => {
  call.end();
});
