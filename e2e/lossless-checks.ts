import { expect, type Page } from '@playwright/test';
import { specPort } from './ports.ts';
import type { E2eRelay } from './relay-process.ts';
import type { TurnDone } from './reply-wire.ts';

// What the lossless specs check after a fault: the reply played once and whole, the turns stored.

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

/** The turns the relay stored for the page's session: what the user said, and their status. */
export async function storedTurns(page: Page, relay: E2eRelay): Promise<[string, string][]> {
  const id = await page.evaluate(() => window.__parley?.connection?.sessionId ?? '');
  const res = await fetch(`${relay.url}/api/sessions/${id}`);
  const body = (await res.json()) as { turns: { userText: string; status: string }[] };
  return body.turns.map((t) => [t.userText, t.status]);
}

export const turnOf = async (page: Page, nth: number) =>
  Number(await page.getByTestId('user-utterance').nth(nth).getAttribute('data-turn'));
