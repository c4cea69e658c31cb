import { expect, test } from './mic-test.ts';
import { startFakeElevenLabs } from '../relay/test/fakes/elevenlabs-server.ts';
import {
  played,
  playedOnceAndWhole,
  RATE,
  relayPort,
  storedTurns,
  turnOf,
} from './lossless-checks.ts';
import { E2eRelay } from './relay-process.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 28, in Chromium: the relay is killed while a long reply streams. The user hears every
// part of the reply once: the restarted relay answers the replayed utterance again, and the page
// plays only what it had not received.

test.use({ micFile: 'long-reply' });

test.describe('the relay dies while the reply streams', () => {
  test('SIGKILL and restart: the user hears every part of the reply once', async ({ page }) => {
    // A stand-in for ElevenLabs streaming about three times faster than real time: the reply
    // is still arriving seconds after it starts playing.
    const tts = await startFakeElevenLabs({ apiKey: 'fake-key', chunkIntervalMs: 30 });
    const relay = new E2eRelay(relayPort(), {
      env: {
        TTS_PROVIDERS: 'elevenlabs',
        ELEVENLABS_API_KEY: 'fake-key',
        ELEVENLABS_BASE_URL: tts.url,
      },
    });
    await relay.start();
    try {
      const wire = recordTurnsDone(page);
      await page.goto(relay.url);
      await page.getByTestId('talk-button').click();
      const users = page.getByTestId('user-utterance');
      await expect(users.nth(0)).toHaveText(/^what can you\b/, { timeout: 30_000 });
      const turn = await turnOf(page, 0);
      // A second of the reply has played; the rest is still on its way.
      await expect.poll(() => played(page, turn), { timeout: 30_000 }).toBeGreaterThan(RATE);
      expect(wire.done.has(turn)).toBe(false);
      await relay.kill('SIGKILL');
      await relay.start();
      await expect(page.getByTestId('connection-status')).toHaveAttribute(
        'data-state',
        'connected',
      );
      await playedOnceAndWhole(page, wire.done, turn);
      const reply = wire.done.get(turn)?.reply ?? '';
      expect(reply).toMatch(
        /^I'm the offline responder\. .* Connect a model in Settings for real answers\.$/,
      );
      await expect(page.getByTestId('assistant-utterance').nth(0)).toHaveText(reply);
      await expect
        .poll(() => storedTurns(page, relay))
        .toEqual([[await users.nth(0).textContent(), 'completed']]);
      await expect(page.getByTestId('app-notice')).toHaveCount(0);
    } finally {
      await relay.kill();
      await tts.close();
    }
  });
});
