import { rmSync } from 'node:fs';
import { buildTarballPage, type TarballPage } from '../client/test/tarball-page.ts';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 64, item 1: a site's page built from the packed @parley/client alone
// (client/test/tarball-page.ts: the tarball extracted into an empty node_modules, the page
// built by Vite with its defaults), served by a relay (WEB_DIST), talks: the fake microphone
// asks "what time is it", and the page's `transcript` and `reply` events carry the words and
// the answer. What the package's unit and tarball tests cannot show: its built worklets, worker
// and voice detector run in a browser.

test.use({ micFile: 'two-turns' });

/** An event the page heard (tarball-page/main.ts keeps them all). */
interface Heard {
  event: string;
  payload: Record<string, unknown>;
}

const heard = (page: Page) =>
  page.evaluate(() => (window as unknown as { parleyEvents: Heard[] }).parleyEvents);

/** The final words of the user's first spoken turn, or '' while there are none. */
async function firstWords(page: Page): Promise<string> {
  const final = (await heard(page)).find(
    (h) => h.event === 'transcript' && h.payload.final === true && h.payload.typed === false,
  );
  return typeof final?.payload.text === 'string' ? final.payload.text : '';
}

/** The reply to turn `turnId` once it is done: its text and status. */
async function replyTo(page: Page, turnId: unknown): Promise<{ text: unknown; status: unknown }> {
  const done = (await heard(page)).find(
    (h) => h.event === 'reply' && h.payload.kind === 'done' && h.payload.turnId === turnId,
  );
  return { text: done?.payload.text, status: done?.payload.status };
}

test.describe('a page built from the packed @parley/client', () => {
  let built: TarballPage;
  let relay: E2eRelay;

  test.beforeAll(async () => {
    built = buildTarballPage();
    relay = new E2eRelay(specPort(92), { env: { WEB_DIST: built.dist } });
    await relay.start();
  });
  test.afterAll(async () => {
    await relay.kill();
    rmSync(built.dir, { recursive: true, force: true });
  });

  test('talks: the microphone’s question comes back as transcript and reply events', async ({
    page,
  }) => {
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
    await page.goto(`${relay.url}/`);
    await page.getByRole('button', { name: 'Talk' }).click();

    // PocketSphinx's reading of Flite's "what time is it" (at times "… is a" on a loaded
    // runner; the widget's spec once lost its first word to a cold start).
    await expect.poll(() => firstWords(page)).toMatch(/\btime is\b/i);
    const events = await heard(page);
    const isFinal = (h: Heard) => h.event === 'transcript' && h.payload.final === true;
    const words = events.findIndex(isFinal);
    const turnId = events[words]?.payload.turnId;
    expect(typeof turnId).toBe('number');
    // The turn began (spoken, no words yet) before its words came.
    const begun = events.findIndex(
      (h) => h.event === 'transcript' && h.payload.turnId === turnId && h.payload.final === false,
    );
    expect(begun).toBeGreaterThanOrEqual(0);
    expect(begun).toBeLessThan(words);

    await expect.poll(async () => (await replyTo(page, turnId)).status).toBe('completed');
    const reply = await replyTo(page, turnId);
    expect(reply.text).toMatch(/\w/);
    // The answer came in deltas first, as it was written.
    const deltas = (await heard(page)).filter(
      (h) => h.event === 'reply' && h.payload.kind === 'delta' && h.payload.turnId === turnId,
    );
    expect(deltas.map((h) => h.payload.text).join('')).toBe(reply.text);
    expect(
      (await heard(page)).some((h) => h.event === 'state' && h.payload.phase === 'speaking'),
    ).toBe(true);

    // The voice detector ran in its worker, the file the page's bundler copied (same origin:
    // started directly, no blob: module).
    expect(workers.filter((path) => /^\/assets\/vad-worker-[\w-]+\.js$/.test(path))).toHaveLength(
      1,
    );

    await page.getByRole('button', { name: 'End' }).click();
    await expect
      .poll(async () => (await heard(page)).findLast((h) => h.event === 'state')?.payload.phase)
      .toBe('idle');
    expect((await heard(page)).filter((h) => h.event === 'error')).toEqual([]);
    expect(failures).toEqual([]);
  });
});
