import { expect, type Page } from '@playwright/test';
import { playedAt, storedTurns, type ReplyWire } from './control-wire.ts';

/** The rate of the reply audio the relay sends (its `ready` says). */
export const replyRate = (page: Page) =>
  page.evaluate(() => window.__parley?.ready?.outputSampleRateHz ?? 0);

/**
 * Starts the call in `duplex` (and the page's other `query` options); resolves with the reply's turn once its second sentence has
 * played for half a second.
 */
export async function intoTheSecondSentence(
  page: Page,
  wire: ReplyWire,
  duplex: 'half' | 'full',
  query = '',
) {
  await page.goto(`/?duplex=${duplex}${query}`);
  await page.getByTestId('talk-button').click();
  const reply = page.getByTestId('assistant-utterance').first();
  await expect(reply).toBeVisible();
  const turnId = Number(await reply.getAttribute('data-turn'));
  await expect.poll(() => wire.segments.get(turnId)?.length ?? 0).toBeGreaterThanOrEqual(2);
  const second = wire.segments.get(turnId)![1]!;
  const rate = await replyRate(page);
  await expect
    .poll(() => playedAt(page, turnId, rate), { intervals: [20] })
    .toBeGreaterThan(second.startSample + rate / 2);
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-action', 'interrupt');
  return turnId;
}

/**
 * The interrupt reached the relay with the samples played, playback stopped there for good, and
 * the relay keeps the reply as heard: every sentence played to its end, none that had not begun.
 */
export async function expectCutWhereItStopped(page: Page, wire: ReplyWire, turnId: number) {
  await expect.poll(() => wire.interrupts).toHaveLength(1);
  const { turnId: cut, playedSamples } = wire.interrupts[0]!;
  expect(cut).toBe(turnId);
  // The relay's heard text came back, and the turn is over (all its audio sent, and dropped).
  await expect.poll(() => wire.heard.has(turnId)).toBe(true);
  await expect.poll(() => wire.done.has(turnId)).toBe(true);
  const total = wire.done.get(turnId)!.audioSamples;
  expect(playedSamples).toBeGreaterThan(0);
  expect(playedSamples).toBeLessThan(total);
  // Nothing more was played after the interrupt (the fade counts as played).
  expect(await playedAt(page, turnId, await replyRate(page))).toBe(playedSamples);

  const heard = wire.heard.get(turnId)!;
  expectHeardUpTo(heard, wire.segments.get(turnId)!, playedSamples, total);

  // The transcript shows what was heard, and the relay stored just that.
  const bubble = page.locator(`[data-testid="assistant-utterance"][data-turn="${turnId}"]`);
  await expect(bubble).toHaveAttribute('data-status', 'interrupted');
  // What was heard, then the mark that says the reply was cut there.
  await expect(bubble).toHaveText(`${heard} — interrupted`);
  await expect
    .poll(async () => (await storedTurns(page)).map((t) => t.assistantText))
    .toEqual([heard]);
  // The call goes on.
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'listening');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/**
 * `heard` (the relay's `reply.truncated`) is the reply of `segments` as played up to
 * `playedSamples` of its `totalSamples`: every sentence played to its end (one at least), none
 * that had not begun, and less than the whole.
 */
export function expectHeardUpTo(
  heard: string,
  segments: readonly { text: string; startSample: number }[],
  playedSamples: number,
  totalSamples: number,
) {
  const full = segments.map((s) => s.text).join(' ');
  const ends = segments.map((s, i) => segments[i + 1]?.startSample ?? totalSamples);
  const whole = segments.filter((_, i) => ends[i]! <= playedSamples).map((s) => s.text);
  const unstarted = segments.filter((s) => s.startSample >= playedSamples).map((s) => s.text);
  expect(heard.startsWith(whole.join(' '))).toBe(true);
  expect(whole.length).toBeGreaterThanOrEqual(1);
  for (const text of unstarted) expect(heard).not.toContain(text);
  expect(full.startsWith(heard)).toBe(true);
  expect(heard.length).toBeLessThan(full.length);
}
