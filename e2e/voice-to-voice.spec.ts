import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fakeMic, fileStartEpochMs, fixtureTurns, playback } from './fake-mic.ts';
import { FIXTURES } from './global-setup.ts';

test.use({ launchOptions: fakeMic('five-turns') });

test.describe('voice-to-voice over five turns', () => {
  test('every turn is answered and spoken; figures are measured', async ({ page }) => {
    const turns = fixtureTurns('five-turns');
    await page.goto('/');
    await page.getByTestId('talk-button').click();
    const users = page.getByTestId('user-utterance');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies).toHaveCount(turns.length, { timeout: 60_000 });
    await expect(replies.nth(turns.length - 1)).toHaveAttribute('data-final', 'true');
    const ids = await users.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-turn'))),
    );
    expect(ids).toHaveLength(turns.length);
    await expect(replies.nth(3)).toHaveText('You said: "good morning".');
    const start = await fileStartEpochMs(page, turns[0]!.speechStartMs);
    const figures = [];
    for (const [i, id] of ids.entries()) {
      await expect.poll(async () => (await playback(page, id)).firstPlayedAtMs).not.toBeNull();
      const p = await playback(page, id);
      figures.push({
        turnId: id,
        text: turns[i]!.text,
        voiceToVoiceMs: Math.round(p.firstPlayedAtMs! - (start + turns[i]!.speechEndMs)),
      });
    }
    const sorted = figures.map((f) => f.voiceToVoiceMs).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const appFigures = await page.evaluate(() => window.__parley?.store.getState().figures ?? []);
    // Full duplex (no echo from the fake mic), and the replies never interrupted themselves.
    expect(await page.evaluate(() => window.__parley?.store.getState().duplex)).toBe('full');
    const selfInterruptions = await page.evaluate(
      () => window.__parley?.turns?.interruptsSent ?? -1,
    );
    expect(selfInterruptions).toBe(0);
    console.log(
      JSON.stringify(
        { voiceToVoiceMedianMs: median, selfInterruptions, figures, appFigures },
        null,
        1,
      ),
    );
    writeFileSync(
      `${FIXTURES}../e2e-voice-to-voice.json`,
      JSON.stringify({ medianMs: median, selfInterruptions, figures, appFigures }, null, 2),
    );
    // A sanity bound, not a timing goal: a reply that takes this long means something is broken.
    expect(median).toBeLessThan(5000);
    expect(median).toBeGreaterThan(0);
  });
});
