import type { EnginePage } from './driver.ts';

/** What the specs read of the page, through any engine's driver (each a script run in it). */

/** The text of every `[data-testid=testId]`, in document order. */
export function texts(page: EnginePage, testId: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).map((e) => e.textContent),
    testId,
  );
}

/** Attribute `name` of the `nth` `[data-testid=testId]` (null: no such element or attribute). */
export function attribute(
  page: EnginePage,
  testId: string,
  name: string,
  nth = 0,
): Promise<string | null> {
  return page.evaluate(
    (id, attr, n) =>
      document.querySelectorAll(`[data-testid="${id}"]`)[n]?.getAttribute(attr) ?? null,
    testId,
    name,
    nth,
  );
}

/** The session the page's call is in (the relay's id), null before one is ready. */
export function sessionId(page: EnginePage): Promise<string | null> {
  return page.evaluate(() => window.__parley?.connection?.sessionId ?? null);
}

/** Reply samples of `turnId` the page's player really rendered: all of them, and non-silent. */
export function played(
  page: EnginePage,
  turnId: number,
): Promise<{ played: number; nonSilent: number; rateHz: number }> {
  return page.evaluate((id) => {
    const t = window.__parley?.player?.turns.get(id);
    return {
      played: t?.playedSamples ?? 0,
      nonSilent: t?.nonSilentSamples ?? 0,
      rateHz: window.__parley?.player?.sampleRateHz ?? 0,
    };
  }, turnId);
}

/** Reply samples of `turnId` played, counted at `rateHz` (the relay's output rate). */
export function playedAt(page: EnginePage, turnId: number, rateHz: number): Promise<number> {
  return page.evaluate(
    (id, rate) => window.__parley?.player?.playedSamplesAt(id, rate) ?? -1,
    turnId,
    rateHz,
  );
}

/**
 * How far the microphone's file has played since the call opened the microphone (ms), on the
 * clock of the AudioContext that plays it (see ./harness.ts). Not the app's capture count: a
 * muted track delivers no audio at all in Gecko, where Chromium delivers silence.
 */
export function filePositionMs(page: EnginePage): Promise<number> {
  return page.evaluate(() => window.__engineHarness?.filePositionMs() ?? 0);
}
