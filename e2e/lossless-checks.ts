import { expect, type Page } from '@playwright/test';
import { specPort } from './ports.ts';
import { sayNextPhrase, useCuedMicrophone } from './cued-mic.ts';
import type { E2eRelay } from './relay-process.ts';
import { recordTurnsDone, type TurnDone } from './reply-wire.ts';

// What the lossless specs check after a fault: the reply played once and whole, the turns stored.
// And the steps of the call the 'resume' conversation makes ("what time is it", answered with
// the time, then "thank you very much", answered "You're welcome."), which the specs that break
// the relay or its path as the user begins the second sentence share. The first question comes
// before any fault: what PocketSphinx reads of it ("what time is it", or "what time is a" on a
// loaded runner, which gets another answer) is not what these specs are about, so it is checked
// as answered and stored as the page showed it. The second sentence crosses the fault: its
// words are checked word for word, since words missing there are audio lost. It is said once
// the first reply has played to its end (a cued microphone, see cued-mic.ts): played from a
// file, it started 3.5 s after the first, over a first reply that came late on a loaded runner,
// and cut it.

/** Ports of the relay and the proxy these specs start (the webServer's is E2E_PORT). */
export const relayPort = () => specPort(2);
export const proxyPort = () => specPort(3);
export const RATE = 16_000;

/** Reply samples of `turnId` the page played, at the relay's rate. */
export const played = (page: Page, turnId: number) =>
  page.evaluate(([id, rate]) => window.__parley?.player?.playedSamplesAt(id, rate) ?? -1, [
    turnId,
    RATE,
  ] as const);

/** The reply of `turnId` is played to its end, once: every sample the relay sent for it. */
export async function playedOnceAndWhole(page: Page, done: Map<number, TurnDone>, turnId: number) {
  await expect
    .poll(() => done.get(turnId)?.audioSamples ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const total = done.get(turnId)?.audioSamples ?? 0;
  await expect.poll(() => played(page, turnId), { timeout: 30_000 }).toBe(total);
}

/** The turns the relay stored for the page's session, as its history API gives them. */
async function sessionTurns(
  page: Page,
  relay: E2eRelay,
): Promise<{ userText: string; status: string; createdAt: number }[]> {
  const id = await page.evaluate(() => window.__parley?.connection?.sessionId ?? '');
  const res = await fetch(`${relay.url}/api/sessions/${id}`);
  const body = (await res.json()) as {
    turns: { userText: string; status: string; createdAt: number }[];
  };
  return body.turns;
}

/** The turns the relay stored for the page's session: what the user said, and their status. */
export async function storedTurns(page: Page, relay: E2eRelay): Promise<[string, string][]> {
  return (await sessionTurns(page, relay)).map((t) => [t.userText, t.status]);
}

/**
 * How long ago (ms, on this machine's clock, which the relay shares) the relay stored the
 * session's last turn: the session's last write; -Infinity while none is stored.
 */
export async function sinceLastTurnStoredMs(page: Page, relay: E2eRelay): Promise<number> {
  const last = (await sessionTurns(page, relay)).at(-1);
  return last === undefined ? Number.NEGATIVE_INFINITY : Date.now() - last.createdAt;
}

export const turnOf = async (page: Page, nth: number) =>
  Number(await page.getByTestId('user-utterance').nth(nth).getAttribute('data-turn'));

/**
 * The call started at `url` and its first question answered (whatever its words were read as),
 * its reply played to its end: the microphone says the 'resume' conversation's second sentence
 * only when told ({@link secondSentenceBegun}).
 */
export async function firstTurnAnswered(page: Page, url: string): Promise<void> {
  const wire = recordTurnsDone(page);
  await useCuedMicrophone(page, 'resume');
  await page.goto(url);
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('user-utterance').nth(0)).toHaveAttribute('data-final', 'true');
  const reply = page.getByTestId('assistant-utterance').nth(0);
  await expect(reply).toHaveAttribute('data-final', 'true');
  await expect(reply).toHaveText(/\w/);
  await playedOnceAndWhole(page, wire.done, await turnOf(page, 0));
}

/** The user says the second sentence, and has begun it: where the specs break something. */
export async function secondSentenceBegun(page: Page): Promise<void> {
  await sayNextPhrase(page);
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'user-speaking', {
    timeout: 15_000,
  });
}

/**
 * The second sentence heard and answered. `heardWithinMs`: how long its words may take (they
 * wait out the fault); the expect timeout where not given.
 */
export async function secondTurnAnswered(page: Page, heardWithinMs?: number): Promise<void> {
  const heard = page.getByTestId('user-utterance').nth(1);
  if (heardWithinMs === undefined) await expect(heard).toHaveText('thank you very much');
  else await expect(heard).toHaveText('thank you very much', { timeout: heardWithinMs });
  await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText("You're welcome.");
}

/** The relay stored the two turns, once each, completed: the first as the page showed it. */
export async function bothTurnsStored(page: Page, relay: E2eRelay): Promise<void> {
  const first = await page.getByTestId('user-utterance').nth(0).textContent();
  await expect
    .poll(() => storedTurns(page, relay))
    .toEqual([
      [first, 'completed'],
      ['thank you very much', 'completed'],
    ]);
}
