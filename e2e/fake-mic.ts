import type { ParleyDebug } from '../web/src/call/debug-hooks.ts';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { FIXTURES } from './global-setup.ts';

export interface FixtureTurn {
  text: string;
  speechStartMs: number;
  /** First sample louder than -40 dBFS (what {@link phraseOnsetsEpochMs} finds in the capture). */
  loudStartMs: number;
  /** After the last sample louder than -40 dBFS (what {@link phraseEndsEpochMs} finds). */
  loudEndMs: number;
  speechEndMs: number;
}

/** Where the speech of each phrase is in `fixture`.wav. */
export function fixtureTurns(fixture: string): FixtureTurn[] {
  return (
    JSON.parse(readFileSync(`${FIXTURES}${fixture}.json`, 'utf8')) as { turns: FixtureTurn[] }
  ).turns;
}

export interface PlaybackFigures {
  turnId: number;
  played: number;
  nonSilent: number;
  firstPlayedAtMs: number | null;
}

/** What the playback worklet reports for `turnId` (samples it really rendered). */
export function playback(page: Page, turnId: number): Promise<PlaybackFigures> {
  return page.evaluate((id) => {
    const t = window.__parley?.player?.turns.get(id);
    return {
      turnId: id,
      played: t?.playedSamples ?? 0,
      nonSilent: t?.nonSilentSamples ?? 0,
      firstPlayedAtMs: t?.firstPlayedAtMs ?? null,
    };
  }, turnId);
}

/**
 * Epoch ms at which each phrase of the file began in the capture, found independently of the VAD:
 * the first captured sample louder than -40 dBFS near where the phrase should be is its
 * `loudStartMs` in the file (the same threshold on both sides; run the page with `?agc=0&ns=0` so
 * the browser does not change the levels, and `levels=1` so it keeps them). Each phrase is anchored on its own onset, not on the
 * first phrase's: Chromium's fake capture device can fall tens of ms behind the file's clock over
 * half a minute on a busy machine, while within one phrase it keeps time. Capture runs at 16 kHz:
 * 16 samples per ms.
 */
export async function phraseOnsetsEpochMs(page: Page, turns: FixtureTurn[]): Promise<number[]> {
  const onsets = await page.evaluate(() =>
    (window.__parley?.captureLevels ?? [])
      .filter((b) => b.firstLoud >= 0)
      .map((b) => b.capturedAtMs + b.firstLoud / 16),
  );
  const found: number[] = [];
  for (const [i, turn] of turns.entries()) {
    // Look from half a second after the previous phrase ended (the gaps are seconds long), and
    // no earlier than 1.5 s before the first phrase's clock says this one starts.
    const prev = turns[i - 1];
    const after =
      i === 0
        ? -Infinity
        : Math.max(
            found[i - 1]! + prev!.speechEndMs - prev!.loudStartMs + 500,
            found[0]! + turn.loudStartMs - turns[0]!.loudStartMs - 1500,
          );
    const onset = onsets.find((t) => t >= after);
    if (onset === undefined) throw new Error(`no onset of phrase ${i + 1} in the captured audio`);
    found.push(onset);
  }
  return found;
}

/**
 * Epoch ms at which each phrase of the file ended in the capture, anchored on the phrase's own
 * last sample louder than -40 dBFS (its `loudEndMs` in the file), as {@link phraseOnsetsEpochMs}
 * anchors its start: the fake capture device can stall for tens of ms in the middle of a phrase
 * on a busy machine, so onset + the phrase's length in the file would put the end too early.
 * The last loud sample is looked for from each onset (`onsets`, from
 * {@link phraseOnsetsEpochMs}) to its length in the file plus 1 s.
 */
export async function phraseEndsEpochMs(
  page: Page,
  turns: FixtureTurn[],
  onsets: number[],
): Promise<number[]> {
  const ends = await page.evaluate(() =>
    (window.__parley?.captureLevels ?? [])
      .filter((b) => b.lastLoud >= 0)
      .map((b) => b.capturedAtMs + (b.lastLoud + 1) / 16),
  );
  return turns.map((t, i) => {
    const from = onsets[i]!;
    const to = from + t.loudEndMs - t.loudStartMs + 1000;
    const last = ends.findLast((e) => e > from && e <= to);
    if (last === undefined) throw new Error(`no end of phrase ${i + 1} in the captured audio`);
    return last + t.speechEndMs - t.loudEndMs;
  });
}

declare global {
  interface Window {
    /** The app's debug window, typed by the app itself so the tests cannot drift from it. */
    __parley?: ParleyDebug;
  }
}
