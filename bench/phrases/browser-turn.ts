/**
 * One spoken turn through the browser path: a fresh Chromium whose fake microphone plays a WAV
 * once, the app's Talk button, and what the relay heard (the final transcript the page shows).
 * Also keeps the microphone audio the page sent on its WebSocket for that turn (the 16 kHz PCM16
 * the relay received), to compare the capture chain with the file.
 */
import type { Page } from '@playwright/test';
import { withMicPage } from '../lib/mic-page.ts';
import { micFrameOf, uplinkPcm } from '../../e2e/uplink-audio.ts';

export interface BrowserTurn {
  /** The first turn's final transcript ('' when nothing was recognised). */
  transcript: string;
  /** The microphone audio sent for that turn, in order, as the relay reads it (16 kHz PCM16). */
  uplink: Int16Array;
}

/**
 * Polls `expr` (a JS expression, as text) in the page until it is truthy. From here rather than
 * with waitForFunction: the app's CSP forbids evaluating strings in the page.
 */
async function until(page: Page, expr: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expr})`))) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Says `wav` into the app at `baseUrl` (`query`: the page's own switches, e.g. `agc=0`). No
 * final transcript `timeoutMs` after the click (the VAD found no speech, or the relay heard
 * none) is an empty one.
 */
export async function browserTurn(
  baseUrl: string,
  wav: string,
  query = '',
  timeoutMs = 30_000,
): Promise<BrowserTurn> {
  return withMicPage(wav, async (page) => {
    // Microphone frames (kind 1 at byte 0, turnId at byte 8), PCM16 or Opus.
    const frames = new Map<number, Buffer[]>();
    page.on('websocket', (ws) => {
      ws.on('framesent', ({ payload }) => {
        if (typeof payload === 'string' || payload.length < 20 || payload[0] !== 1) return;
        const turnId = payload.readUInt32LE(8);
        frames.set(turnId, [...(frames.get(turnId) ?? []), payload]);
      });
    });
    await page.goto(`${baseUrl}/${query ? `?${query}` : ''}`);
    await page.getByTestId('talk-button').click();
    const firstUser = `window.__parley?.store.getState().entries.find((e) => e.role === 'user' && e.final && e.text !== undefined)`;
    if (!(await until(page, firstUser, timeoutMs)))
      return { transcript: '', uplink: new Int16Array(0) };
    const { text, turnId } = await page.evaluate<{ text: string; turnId: number }>(
      `(() => { const e = ${firstUser}; return { text: e.text, turnId: e.turnId }; })()`,
    );
    return {
      transcript: text.trim().toLowerCase(),
      uplink: uplinkPcm((frames.get(turnId) ?? []).map(micFrameOf)),
    };
  });
}
