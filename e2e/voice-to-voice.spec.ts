import { writeFileSync } from 'node:fs';
import { expect, test } from './mic-test.ts';
import { fixtureTurns, phraseEndsEpochMs, phraseOnsetsEpochMs, playback } from './fake-mic.ts';
import { FIXTURES } from './global-setup.ts';

// No service worker here: on a fresh profile it would download the 17 MB precache during the
// conversation, which a returning user never pays; this test measures the voice path.
test.use({ micFile: 'five-turns', serviceWorkers: 'block' });

test.describe('voice-to-voice over five turns', () => {
  test('every turn is answered and spoken; figures are measured', async ({ page }) => {
    const turns = fixtureTurns('five-turns');
    // The latency panel must agree with this test's own measurement. It is opened after the
    // conversation, so that drawing its charts does not add to the latencies being measured.
    // No automatic gain and no noise suppression: the browser's noise suppression eats the
    // quiet ends of words (tens of ms of a final "t"), which the file says are speech.
    await page.goto('/?agc=0&ns=0&levels=1');
    await page.getByTestId('talk-button').click();
    const users = page.getByTestId('user-utterance');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies).toHaveCount(turns.length, { timeout: 60_000 });
    await expect(replies.nth(turns.length - 1)).toHaveAttribute('data-final', 'true');
    const ids = await users.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-turn'))),
    );
    expect(ids).toHaveLength(turns.length);
    // "What did I just say" is answered with the turn before, as PocketSphinx read it ("good
    // morning", or "morning" on a loaded runner): the turns are kept apart and in order.
    const third = (await users.nth(2).textContent()) ?? '';
    expect(third).toMatch(/\bmorning$/);
    await expect(replies.nth(3)).toHaveText(`You said: "${third}".`);
    const onsets = await phraseOnsetsEpochMs(page, turns);
    const ends = await phraseEndsEpochMs(page, turns, onsets);
    const figures = [];
    for (const [i, id] of ids.entries()) {
      await expect.poll(async () => (await playback(page, id)).firstPlayedAtMs).not.toBeNull();
      const p = await playback(page, id);
      figures.push({
        turnId: id,
        text: turns[i]!.text,
        voiceToVoiceMs: Math.round(p.firstPlayedAtMs! - ends[i]!),
        // How much longer the phrase took in the capture than in the file: the fake device
        // stalling mid-phrase on a busy machine (why each end is found on its own).
        captureStretchMs: Math.round(
          ends[i]! - onsets[i]! - (turns[i]!.speechEndMs - turns[i]!.loudStartMs),
        ),
      });
    }
    // The panel's voice to voice of each turn, against the independent figure.
    await page.getByTestId('debug-button').click();
    await expect(page.getByTestId('debug-panel')).toBeVisible();
    const panel = new Map<number, number>();
    await expect
      .poll(async () => {
        const cells = await page
          .getByTestId('debug-v2v')
          .evaluateAll((els) =>
            els.map((e) => [
              Number(e.getAttribute('data-turn')),
              Number(e.getAttribute('data-ms') || NaN),
            ]),
          );
        for (const [turn, v2v] of cells) if (Number.isFinite(v2v)) panel.set(turn!, v2v!);
        return ids.every((id) => panel.has(id));
      })
      .toBe(true);
    const agreement = figures.map((f) => ({
      turnId: f.turnId,
      panelMs: Math.round(panel.get(f.turnId)!),
      testMs: f.voiceToVoiceMs,
      diffMs: Math.round(panel.get(f.turnId)! - f.voiceToVoiceMs),
    }));
    if (process.env.UPDATE_SCREENSHOTS && test.info().project.name === 'desktop') {
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.getByTestId('debug-turn-select').selectOption(String(ids[1]));
      await page.getByTestId('debug-panel').screenshot({ path: 'docs/debug-panel.png' });
    }
    const sorted = figures.map((f) => f.voiceToVoiceMs).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const appFigures = await page.evaluate(() => window.__parley?.store.getState().figures ?? []);
    // Full duplex (no echo from the fake mic), and the replies never interrupted themselves.
    expect(await page.evaluate(() => window.__parley?.store.getState().duplex)).toBe('full');
    // An interruption is the user's when it began while a phrase of the file was being spoken
    // (a misheard question can get a reply long enough to run into the next one). Any other is
    // the app interrupting itself: the reply's own sound, or a reply cancelled before it played.
    const { interruptsSent, bargeIns } = await page.evaluate(() => ({
      interruptsSent: window.__parley?.turns?.interruptsSent ?? -1,
      bargeIns: window.__parley?.turns?.bargeIns ?? [],
    }));
    const byUser = bargeIns.filter((b) =>
      onsets.some((onset, i) => b.speechAtMs >= onset - 300 && b.speechAtMs <= ends[i]! + 300),
    );
    const selfInterruptions = interruptsSent - byUser.length;
    if (interruptsSent !== 0) {
      // What the turn-taking saw, so a failure in CI can be read without a rerun.
      const seen = await page.evaluate(() => ({
        decisions: (window.__parley?.turns?.decisions ?? []).map(
          (d) => `${Math.round(d.atMs)} ${d.event} → [${d.effects.join(', ')}] ${d.phase}`,
        ),
        transcript: (window.__parley?.store.getState().entries ?? []).map(
          (e) => `${e.turnId} ${e.role}: ${e.text}`,
        ),
      }));
      console.log(JSON.stringify({ onsets, ends, bargeIns, ...seen }, null, 1));
    }
    expect(selfInterruptions).toBe(0);
    console.log(
      JSON.stringify(
        {
          voiceToVoiceMedianMs: median,
          selfInterruptions,
          bargeIns: byUser.length,
          agreement,
          captureStretchMs: figures.map((f) => f.captureStretchMs),
          appFigures,
        },
        null,
        1,
      ),
    );
    writeFileSync(
      `${FIXTURES}../e2e-voice-to-voice.json`,
      JSON.stringify(
        {
          medianMs: median,
          selfInterruptions,
          bargeIns: byUser.length,
          figures,
          agreement,
          appFigures,
        },
        null,
        2,
      ),
    );
    // The panel agrees with the independent measurement within 30 ms on every turn.
    for (const a of agreement)
      expect(Math.abs(a.diffMs), `turn ${a.turnId}`).toBeLessThanOrEqual(30);
    // A sanity bound, not a timing goal: a reply that takes this long means something is broken.
    expect(median).toBeLessThan(5000);
    expect(median).toBeGreaterThan(0);
  });
});
