import { readFileSync } from 'node:fs';
import type { LaunchOptions, Page } from '@playwright/test';
import { fakeMicArgs } from './fake-mic-args.ts';
import { FIXTURES } from './global-setup.ts';

export interface FixtureTurn {
  text: string;
  speechStartMs: number;
  /** First sample louder than -40 dBFS (what {@link fileStartEpochMs} finds in the capture). */
  loudStartMs: number;
  speechEndMs: number;
}

/** Chromium launch options that make `fixture`.wav the microphone (played once). */
export function fakeMic(fixture: string): LaunchOptions {
  return { executablePath: '/usr/bin/chromium', args: fakeMicArgs(`${FIXTURES}${fixture}.wav`) };
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
 * Epoch ms at which the file's sample 0 was captured, found independently of the VAD: the first
 * captured sample louder than -40 dBFS is the first phrase's `loudStartMs` in the file (the same
 * threshold on both sides; run the page with `?agc=0&ns=0` so the browser does not change the
 * levels). Capture runs at 16 kHz: 16 samples per ms.
 */
export async function fileStartEpochMs(page: Page, firstLoudStartMs: number): Promise<number> {
  const onset = await page.evaluate(() => {
    const b = window.__parley?.captureLevels.find((x) => x.firstLoud >= 0);
    return b ? b.capturedAtMs + b.firstLoud / 16 : null;
  });
  if (onset === null) throw new Error('no speech onset in the captured audio');
  return onset - firstLoudStartMs;
}

declare global {
  interface Window {
    /** The app's debug window (web/src/voice/debug-hooks.ts), as far as the tests read it. */
    __parley?: {
      player: {
        turns: Map<
          number,
          { playedSamples: number; nonSilentSamples: number; firstPlayedAtMs?: number }
        >;
      } | null;
      ready: { outputSampleRateHz: number } | null;
      captureLevels: {
        firstSample: number;
        capturedAtMs: number;
        rms: number;
        firstLoud: number;
      }[];
      store: {
        getState(): {
          figures: unknown[];
          duplex: string | null;
          entries: { role: 'user' | 'assistant'; turnId: number; text: string; final: boolean }[];
        };
      };
      connection: { resumes: number; lostChunks: number; sessionId: string | null } | null;
      turns: {
        bargeIns: {
          turnId: number;
          speechAtMs: number;
          silencedAtMs?: number;
          playedSamples: number;
        }[];
        interruptsSent: number;
      } | null;
    };
  }
}
