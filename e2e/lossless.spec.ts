import { expect, test, type Page } from './mic-test.ts';
import { TcpProxy } from '../relay/test/tcp-proxy.ts';
import {
  bothTurnsStored,
  firstTurnAnswered,
  playedOnceAndWhole,
  proxyPort,
  relayPort,
  secondSentenceBegun,
  secondTurnAnswered,
  sinceLastTurnStoredMs,
  turnOf,
} from './lossless-checks.ts';
import { E2eRelay } from './relay-process.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 28, in Chromium: the faults a phone's network produces in the middle of a turn, through
// a TCP proxy. Each time the transcript is what was said, each reply is played once and all of
// it, the relay stores one turn per utterance, and no notice is shown — except when the
// conversation truly cannot be resumed.

test.use({ micFile: 'resume' });

test.describe('through a misbehaving network', () => {
  let relay: E2eRelay;
  let proxy: TcpProxy;
  test.beforeEach(async () => {
    relay = new E2eRelay(relayPort(), {
      env: { ALLOWED_ORIGINS: `http://127.0.0.1:${proxyPort()}`, SERVER_HEARTBEAT_S: '60' },
    });
    await relay.start();
    proxy = new TcpProxy(relayPort());
    await proxy.listen(proxyPort());
  });
  test.afterEach(async () => {
    await proxy.close();
    await relay.kill();
  });

  /** The second sentence ("thank you very much") goes through `fault`; then all is checked. */
  async function secondSentenceThrough(page: Page, fault: () => Promise<void> | void) {
    const wire = recordTurnsDone(page);
    await firstTurnAnswered(page, `http://127.0.0.1:${proxyPort()}/`);
    await secondSentenceBegun(page);
    await fault();
    await secondTurnAnswered(page, 40_000);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    for (const n of [0, 1]) await playedOnceAndWhole(page, wire.done, await turnOf(page, n));
    await bothTurnsStored(page, relay);
    expect(await page.evaluate(() => window.__parley?.connection?.resumes)).toBeGreaterThanOrEqual(
      1,
    );
    expect(await page.evaluate(() => window.__parley?.connection?.lostChunks)).toBe(0);
    await expect(page.getByTestId('app-notice')).toHaveCount(0);
    expect(
      wire.readies.map((r) => r.sessionId).every((id) => id === wire.readies[0]?.sessionId),
    ).toBe(true);
  }

  test('a stall longer than two heartbeats as the user finishes a sentence: the held bytes arrive late, nothing is lost', async ({
    page,
  }) => {
    await secondSentenceThrough(page, async () => {
      proxy.stall();
      await expect(page.getByTestId('connection-status')).toHaveAttribute(
        'data-state',
        'reconnecting',
        { timeout: 20_000 },
      );
      proxy.release();
    });
  });

  test('the path dies while the user speaks (old connections for ever, new ones pass), with a keep-alive connection of it in the pool', async ({
    page,
  }) => {
    await secondSentenceThrough(page, async () => {
      // A request on the path that will die leaves its connection in the browser's pool.
      await page.evaluate(() => fetch('/health', { cache: 'no-store' }).then((r) => r.ok));
      proxy.killPath();
    });
  });

  test('a reset (RST) while the user speaks', async ({ page }) => {
    await secondSentenceThrough(page, () => proxy.drop());
  });

  test('a close without a WebSocket goodbye (FIN) while the user speaks', async ({ page }) => {
    await secondSentenceThrough(page, () => proxy.dropGracefully());
  });
});

test.describe('the relay dies after a quiet spell', () => {
  test('quiet for longer than the resume grace, then the relay is killed as the user speaks: the grace counts from the crash', async ({
    page,
  }) => {
    const relay = new E2eRelay(relayPort(), { env: { RESUME_GRACE_S: '2' } });
    await relay.start();
    try {
      const wire = recordTurnsDone(page);
      await firstTurnAnswered(page, relay.url);
      // The first turn was the session's last write; the user is quiet for longer than the
      // grace, then speaks again as the relay dies.
      // Past the grace since the relay stored that turn (the write the grace would count from
      // if it counted from the last write): the quiet spell this test means, read from the
      // relay and waited for, not assumed from the page's clock or the microphone's silence.
      await expect
        .poll(() => sinceLastTurnStoredMs(page, relay), { intervals: [50] })
        .toBeGreaterThan(2000);
      await secondSentenceBegun(page);
      await relay.kill('SIGKILL');
      await relay.start();
      await secondTurnAnswered(page, 30_000);
      for (const n of [0, 1]) await playedOnceAndWhole(page, wire.done, await turnOf(page, n));
      await bothTurnsStored(page, relay);
      await expect(page.getByTestId('app-notice')).toHaveCount(0);
    } finally {
      await relay.kill();
    }
  });
});

test.describe('a conversation that truly cannot be resumed', () => {
  test('the relay comes back without it: the page says so, and why', async ({ page }) => {
    const relay = new E2eRelay(relayPort());
    await relay.start();
    try {
      await page.goto(relay.url);
      await page.getByTestId('talk-button').click();
      // Answered, whatever PocketSphinx read the question as: the resume refused is the point.
      await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveAttribute(
        'data-final',
        'true',
      );
      await expect(page.getByTestId('app-notice')).toHaveCount(0);
      await relay.kill('SIGKILL');
      // The same address, none of the data: the session is unknown there.
      const fresh = new E2eRelay(relayPort());
      await fresh.start();
      try {
        await expect(page.getByTestId('app-notice')).toHaveText(
          'This conversation can no longer be resumed. Press Talk to start a new one.',
        );
        await expect(page.getByTestId('connection-status')).toHaveAttribute(
          'data-state',
          'offline',
        );
      } finally {
        await fresh.kill();
      }
    } finally {
      await relay.kill();
    }
  });
});
