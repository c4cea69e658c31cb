import { PROTOCOL_VERSION, SITE_NOT_ALLOWED_MESSAGE } from '../shared/src/index.ts';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 64, item 3, as Chromium judges it: a page of another site (here on another loopback
// port, so that no network rule of the browser's gets in the way) asks the relay for a ticket,
// opens the WebSocket, fetches the VAD's model, and is kept from the app's API; a site the relay
// does not list reads why it is refused. The relay's headers are vitest's
// (relay/test/embedding.test.ts); this is what a browser makes of them.

test.use({ micFile: 'quiet' });

/** What a page at `site` meets when it calls the relay at `relay` as a widget would. */
async function callFrom(page: Page, site: string, relay: string) {
  await page.route(site, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>A site</title>' }),
  );
  await page.goto(site);
  return page.evaluate(
    async ({ relay, protocol }) => {
      // A JSON body makes it a preflighted request, as a signed-in page's (Authorization) is.
      const res = await fetch(`${relay}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = (await res.json()) as { ticket?: string; message?: string };
      const ready =
        body.ticket === undefined
          ? null
          : await new Promise<boolean>((resolve) => {
              const ws = new WebSocket(`${relay.replace('http', 'ws')}/ws`);
              ws.onopen = () => {
                ws.send(
                  JSON.stringify({
                    type: 'hello',
                    protocol,
                    outputSampleRateHz: 16_000,
                    ticket: body.ticket,
                  }),
                );
              };
              ws.onmessage = (e) => {
                if (
                  typeof e.data === 'string' &&
                  (JSON.parse(e.data) as { type: string }).type === 'ready'
                ) {
                  ws.close();
                  resolve(true);
                }
              };
              ws.onerror = () => resolve(false);
            });
      const opens = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${relay.replace('http', 'ws')}/ws`);
        ws.onopen = () => {
          ws.close();
          resolve(true);
        };
        ws.onerror = () => resolve(false);
      });
      const model = await fetch(`${relay}/vad/silero_vad_v5.onnx`).then(
        (r) => r.status,
        () => 'blocked',
      );
      const history = await fetch(`${relay}/api/sessions`).then(
        (r) => r.status,
        () => 'blocked',
      );
      return { ticket: res.status, message: body.message ?? null, ready, opens, model, history };
    },
    { relay, protocol: PROTOCOL_VERSION },
  );
}

test('a page on another loopback port embeds the assistant in dev mode, with nothing set', async ({
  page,
  baseURL,
}) => {
  const met = await callFrom(page, `http://localhost:${specPort(41)}/`, baseURL ?? '');
  expect(met).toEqual({
    ticket: 200,
    message: null,
    ready: true,
    opens: true,
    model: 200,
    history: 'blocked',
  });
});

test('a site the relay does not list reads why it is refused, and gets no socket', async ({
  page,
}) => {
  const listed = `http://localhost:${specPort(42)}`;
  const relay = new E2eRelay(specPort(40), { env: { EMBED_ORIGINS: listed } });
  await relay.start();
  try {
    const refused = await callFrom(page, `http://localhost:${specPort(43)}/`, relay.url);
    expect(refused).toEqual({
      ticket: 403,
      message: SITE_NOT_ALLOWED_MESSAGE,
      ready: null,
      opens: false,
      model: 'blocked',
      history: 'blocked',
    });
    const welcome = await callFrom(page, `${listed}/`, relay.url);
    expect(welcome).toEqual({
      ticket: 200,
      message: null,
      ready: true,
      opens: true,
      model: 200,
      history: 'blocked',
    });
  } finally {
    await relay.kill();
  }
});
