import { expect, test } from './mic-test.ts';
import { playback } from './fake-mic.ts';
import { spyOnMicrophone } from './mic-control.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 52, part 3, in Chromium with a fake microphone: after a question and its answer, the
// call goes quiet; the assistant asks aloud whether the user is still there (the page plays
// it), then says goodbye and ends the call: the page says why and releases the microphone.

test.use({ serviceWorkers: 'block', micFile: 'then-silence' });

const STILL_THERE = 'Are you still there?';

test('a silent call: the check-in is played, the goodbye said, the call ended and the mic released', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(71), { env: { CALL_SILENCE_S: '2' } });
  try {
    await relay.start();
    const turns = recordTurnsDone(page);
    await spyOnMicrophone(page);
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveAttribute('data-final', 'true', { timeout: 30_000 });
    // The check-in: shown as the assistant's words, its audio played by the page.
    await expect(replies.nth(1)).toHaveText(STILL_THERE, { timeout: 30_000 });
    const asked = Number(await replies.nth(1).getAttribute('data-turn'));
    await expect
      .poll(async () => (await playback(page, asked)).nonSilent, { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Its turn.done may come after its first audio has played.
    await expect
      .poll(() => turns.done.get(asked))
      .toMatchObject({ reply: STILL_THERE, status: 'completed' });
    // The goodbye, then the end of the call and why.
    await expect(replies.nth(2)).toContainText('Goodbye', { timeout: 30_000 });
    const bye = Number(await replies.nth(2).getAttribute('data-turn'));
    await expect
      .poll(async () => (await playback(page, bye)).nonSilent, { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect(page.getByText(/microphone was turned off/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('talk-button')).toBeVisible();
    // Every microphone track the page opened has ended (the browser's light is off).
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window.__micSpy?.streams ?? []).flatMap((s) =>
            s.getAudioTracks().map((t) => t.readyState),
          ),
        ),
      )
      .toEqual(['ended']);
  } finally {
    await relay.kill();
  }
});
