import { expect, test } from './mic-test.ts';
import { sessionIdOf, storedTurns, untilFileAt } from './control-wire.ts';
import { fixtureTurns } from './fake-mic.ts';
import { recordUplink, uplinkProblems } from './uplink-wire.ts';

// "what time is it", "what is five times six", "good morning", … three and a half seconds apart.
test.use({ micFile: 'five-turns' });

test('muted, nothing of the microphone reaches the relay; unmuted, the same session goes on', async ({
  page,
}) => {
  const phrases = fixtureTurns('five-turns');
  const wire = recordUplink(page);
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  const mute = page.getByTestId('mute-button');
  const users = page.getByTestId('user-utterance');
  const replies = page.getByTestId('assistant-utterance');
  await expect(replies.nth(0)).toHaveAttribute('data-final', 'true');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  const sessionId = await sessionIdOf(page);

  // Muted before the second question; it is spoken into the muted microphone.
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(mute).toHaveText('Unmute');
  await expect(page.getByTestId('call-state')).toContainText('Muted');
  const atMute = wire.events.length;
  await untilFileAt(page, phrases[1]!.speechEndMs + 1000);
  // Not one frame, nor an utterance, went out while the question was asked.
  expect(wire.events.slice(atMute)).toEqual([]);
  await expect(users).toHaveCount(1);

  // `M` unmutes (the keyboard's mute), before the third question.
  await page.keyboard.press('m');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  // Heard to its end ("good morning"; PocketSphinx drops a quiet "good" at times, as the
  // engines lane saw): the uplink's frames are checked whole below.
  await expect(users.nth(1)).toHaveText(/\bmorning$/i);
  await expect(replies.nth(1)).toHaveAttribute('data-final', 'true');
  const unmuted = (await users.nth(1).textContent()) ?? '';

  // One session, one socket, a sound uplink; the relay never heard the muted question.
  expect(wire.sockets).toBe(1);
  expect(wire.sessionIds).toEqual([sessionId]);
  expect(uplinkProblems(wire.events)).toEqual([]);
  const stored = (await storedTurns(page)).map((t) => t.userText);
  // Stored as the page showed them: the first question as PocketSphinx read it ("what time is
  // it", at times "… is a"), and the one after the unmute.
  expect(stored.slice(0, 2)).toEqual([expect.stringMatching(/^what time is\b/i), unmuted]);
  expect(stored.join(' ')).not.toMatch(/five|six/);
});
