import { expect, test, type Page } from './mic-test.ts';
import { untilFileAt } from './control-wire.ts';
import { fixtureTurns, type FixtureTurn } from './fake-mic.ts';
import { recordUplink, uplinkProblems, type UplinkEvent } from './uplink-wire.ts';

// "what time is it", "what is five times six", "good morning", "what did i just say", …
test.use({ micFile: 'five-turns' });

/** 16 kHz samples the microphone has captured so far. */
const captured = (page: Page) => page.evaluate(() => window.__parley?.capture?.samples ?? 0);

/**
 * Holds to talk from half a second before `phrase` to half a second after it (`hold` presses,
 * the returned function releases); resolves with the samples captured while held.
 */
async function holdThrough(
  page: Page,
  phrase: FixtureTurn,
  hold: { down(): Promise<void>; up(): Promise<void> },
): Promise<number> {
  await untilFileAt(page, phrase.speechStartMs - 500);
  const from = await captured(page);
  await hold.down();
  await expect(page.getByTestId('talk-button')).toHaveText('Release to send');
  await untilFileAt(page, phrase.speechEndMs + 500);
  await hold.up();
  const to = await captured(page);
  await expect(page.getByTestId('talk-button')).toHaveText('Hold to talk');
  return to - from;
}

/** Pressing and releasing the talk control: by touch in the phone project, else the mouse. */
async function holdTalkControl(
  page: Page,
): Promise<{ down(): Promise<void>; up(): Promise<void> }> {
  const box = (await page.getByTestId('talk-button').boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (test.info().project.name !== 'mobile') {
    await page.mouse.move(x, y);
    return { down: () => page.mouse.down(), up: () => page.mouse.up() };
  }
  const cdp = await page.context().newCDPSession(page);
  return {
    down: async () => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    },
    up: async () => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    },
  };
}

/** The utterances in `events`: each one start, its audio (one run of seqs), and its end. */
function utterances(events: UplinkEvent[]): { turnId: number; frames: number }[] {
  return events
    .filter((e) => e.kind === 'start')
    .map((s) => ({
      turnId: s.turnId,
      frames: events.filter((e) => e.kind === 'audio' && e.turnId === s.turnId).length,
    }));
}

test('push-to-talk, switched to mid-call: audio goes out only while the talk control or Space is held, and the mode is remembered', async ({
  page,
}) => {
  const phrases = fixtureTurns('five-turns');
  const wire = recordUplink(page);
  await page.goto('/');
  await expect(page.getByTestId('input-mode')).toHaveAttribute('data-mode', 'hands-free');
  await page.getByTestId('talk-button').click();
  const users = page.getByTestId('user-utterance');
  const replies = page.getByTestId('assistant-utterance');
  // Hands-free: the first question is heard by the voice detector and answered.
  await expect(replies.nth(0)).toHaveAttribute('data-final', 'true');

  await page.getByTestId('input-mode').getByText('Push to talk').click();
  await expect(page.getByTestId('input-mode')).toHaveAttribute('data-mode', 'push-to-talk');
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-action', 'hold');
  const atSwitch = wire.events.length;

  // The second question, not held: nothing goes out.
  await untilFileAt(page, phrases[1]!.speechEndMs + 500);
  expect(wire.events.slice(atSwitch)).toEqual([]);

  // The third, holding the talk control: a finger on the phone, the mouse on the desktop.
  const heldByPointer = await holdThrough(page, phrases[2]!, await holdTalkControl(page));
  // Heard to its end ("good morning"; PocketSphinx drops a quiet "good" at times).
  await expect(users.nth(1)).toHaveText(/\bmorning$/i);
  await expect(replies.nth(1)).toHaveAttribute('data-final', 'true');

  // The fourth, holding Space.
  const heldBySpace = await holdThrough(page, phrases[3]!, {
    down: () => page.keyboard.down(' '),
    up: () => page.keyboard.up(' '),
  });
  await expect(users.nth(2)).toHaveText(/^what did i just say$/i);
  await expect(replies.nth(2)).toHaveAttribute('data-final', 'true');

  // On the wire since the switch: two utterances, each the audio held (to the chunk), nothing else.
  const sent = wire.events.slice(atSwitch);
  expect(uplinkProblems(sent)).toEqual([]);
  const [pointer, space] = utterances(sent);
  expect(utterances(sent)).toHaveLength(2);
  for (const [u, held] of [
    [pointer!, heldByPointer],
    [space!, heldBySpace],
  ] as const)
    expect(Math.abs(u.frames - held / 1600)).toBeLessThanOrEqual(4);
  expect(wire.sessionIds).toHaveLength(1);

  // Remembered by the browser.
  await page.reload();
  await expect(page.getByTestId('input-mode')).toHaveAttribute('data-mode', 'push-to-talk');
  await expect(page.getByRole('radio', { name: 'Push to talk' })).toBeChecked();
});
