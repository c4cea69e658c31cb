import { expect } from 'vitest';
import type { EnginePage } from './driver.ts';
import type { LaneRelay } from './lane-relay.ts';
import { attribute, sessionId, texts } from './page-reads.ts';

/** What the core spec (./core-spec.ts) waits for and reads of a call, in the page and the relay. */

/** Opens `url` and waits for the app to be ready for a call. */
export async function open(page: EnginePage, url: string): Promise<void> {
  await page.open(url);
  await expect.poll(() => attribute(page, 'talk-button', 'data-state')).toBe('idle');
}

/** The rate of the reply audio the relay sends (its `ready` says). */
export const replyRate = (page: EnginePage) =>
  page.evaluate(() => window.__parley?.ready?.outputSampleRateHz ?? 0);

/** The turn id of the `nth` user bubble. */
export const turnOf = async (page: EnginePage, nth: number) =>
  Number(await attribute(page, 'user-utterance', 'data-turn', nth));

/**
 * Reply samples of the page's turn `turnId` the relay sent, once it is done (its `turn done` log
 * line).
 */
export async function sentSamples(
  relay: LaneRelay,
  page: EnginePage,
  turnId: number,
): Promise<number> {
  const session = await sessionId(page);
  const done = () => relay.logLines('turn done', session, turnId);
  await expect.poll(() => done().length).toBeGreaterThan(0);
  return Number(done().at(-1)?.audioSamples);
}

/** What the user said in the `nth` turn, once the recogniser's final words are in. */
export async function userSaid(page: EnginePage, nth: number): Promise<string> {
  await expect.poll(() => attribute(page, 'user-utterance', 'data-final', nth)).toBe('true');
  return (await texts(page, 'user-utterance'))[nth] ?? '';
}
