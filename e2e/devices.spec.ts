import { expect, test, type Page } from './mic-test.ts';
import {
  micInUse,
  optionValues,
  recordReplyWire,
  sessionIdOf,
  speakerInUse,
  unplugDevice,
} from './control-wire.ts';
import { microphoneRequests, spyOnMicrophone } from './mic-control.ts';
import { recordUplink, uplinkProblems } from './uplink-wire.ts';

// "what time is it", 3.5 s, "what is five times six". Chromium lists three fake inputs ("Fake
// Default Audio Input", "Fake Audio Input 1" and "2") and three outputs; each plays the file
// from its start when opened, so after a switch the user asks the first question again.
test.use({ micFile: 'two-turns' });

/** Answered turns after `afterTurn`, as `question → reply`. */
function answeredAfter(page: Page, afterTurn: number): Promise<string[]> {
  return page.evaluate((after) => {
    const entries = window.__parley?.store.getState().entries ?? [];
    return entries
      .filter((e) => e.role === 'assistant' && e.final && e.turnId > after && e.text !== '')
      .map((a) => {
        const user = entries.find((u) => u.role === 'user' && u.turnId === a.turnId);
        return `${user?.text ?? ''} → ${a.text}`;
      });
  }, afterTurn);
}

const lastTurnId = (page: Page) =>
  page.evaluate(() =>
    Math.max(0, ...(window.__parley?.store.getState().entries ?? []).map((e) => e.turnId)),
  );

/** The next question, after `afterTurn`, is heard and answered: the conversation goes on. */
async function answeredAgain(page: Page, afterTurn: number): Promise<void> {
  await expect
    .poll(() => answeredAfter(page, afterTurn), { timeout: 30_000 })
    .toContainEqual(expect.stringMatching(/ → .+/));
}

test('microphone and speaker chosen mid-call: the session goes on, the choice is remembered, and a chosen input that goes away gives way to the default', async ({
  page,
}) => {
  const wire = recordUplink(page);
  const replies = recordReplyWire(page);
  await spyOnMicrophone(page);
  await page.goto('/');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('assistant-utterance').first()).toHaveAttribute(
    'data-final',
    'true',
  );
  const sessionId = await sessionIdOf(page);

  await page.getByTestId('devices-button').click();
  // The panel lists the devices once the browser has enumerated them (a moment after it opens).
  await expect
    .poll(async () => Object.keys(await optionValues(page, 'mic-select')))
    .toEqual(['Fake Default Audio Input', 'Fake Audio Input 1', 'Fake Audio Input 2']);
  await expect
    .poll(async () => Object.keys(await optionValues(page, 'speaker-select')))
    .toContain('Fake Audio Output 1');
  const inputs = await optionValues(page, 'mic-select');
  const outputs = await optionValues(page, 'speaker-select');
  await expect(page.getByTestId('mic-select')).toHaveValue('default');

  // A second input, chosen mid-call: opened exactly, and the next question is answered.
  let before = await lastTurnId(page);
  await page.getByTestId('mic-select').selectOption({ label: 'Fake Audio Input 1' });
  await expect.poll(() => micInUse(page)).toMatchObject({ label: 'Fake Audio Input 1' });
  const requests = await microphoneRequests(page);
  expect(requests).toHaveLength(2);
  expect(requests[1]?.audio).toMatchObject({ deviceId: { exact: inputs['Fake Audio Input 1'] } });
  await expect(page.getByTestId('mic-select')).toHaveValue(inputs['Fake Audio Input 1']!);
  // The level is live: the meter moves with the new input, which plays the file from its start
  // (the first input's may have played to its end, silent since: it plays once). Polled often:
  // the first question is a second long.
  await expect
    .poll(async () => Number(await page.getByTestId('mic-level').getAttribute('value')), {
      intervals: [50],
    })
    .toBeGreaterThan(0);

  // The speaker too: the AudioContext plays through it, and the next reply is heard there.
  await page.getByTestId('speaker-select').selectOption({ label: 'Fake Audio Output 1' });
  await expect.poll(() => speakerInUse(page)).toBe(outputs['Fake Audio Output 1']);
  await answeredAgain(page, before);
  const next = await lastTurnId(page);
  await expect
    .poll(() =>
      page.evaluate((id) => window.__parley?.player?.turns.get(id)?.nonSilentSamples ?? 0, next),
    )
    .toBeGreaterThan(0);
  expect(replies.done.has(next)).toBe(true);

  // The chosen input is unplugged: the default takes over, and says so; the session goes on.
  before = await lastTurnId(page);
  await unplugDevice(page, inputs['Fake Audio Input 1']!);
  await expect(page.getByTestId('mic-switched')).toContainText('Fake Default Audio Input');
  await expect.poll(() => micInUse(page)).toMatchObject({ deviceId: 'default' });
  // The chosen speaker goes too: the system's output plays.
  await unplugDevice(page, outputs['Fake Audio Output 1']!);
  await expect.poll(() => speakerInUse(page)).toBe('');
  await answeredAgain(page, before);

  // One session throughout, on one socket, every frame once and in order.
  expect(wire.sockets).toBe(1);
  expect(wire.sessionIds).toEqual([sessionId]);
  expect(uplinkProblems(wire.events)).toEqual([]);

  // Remembered by the browser: the choices come back with the page.
  await page.getByTestId('end-call-button').click();
  await page.reload();
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('devices-button').click();
  await expect(page.getByTestId('mic-select')).toHaveValue(inputs['Fake Audio Input 1']!);
  await expect(page.getByTestId('speaker-select')).toHaveValue(outputs['Fake Audio Output 1']!);
  await expect.poll(() => micInUse(page)).toMatchObject({ label: 'Fake Audio Input 1' });
  await expect.poll(() => speakerInUse(page)).toBe(outputs['Fake Audio Output 1']);
});
