import { expect, type Locator, type Page } from '@playwright/test';
import { listenToWireJson } from './wire-json.ts';

/**
 * What the call controls change on the page's WebSocket, recorded from outside the app: the
 * reply's sentences and where their audio starts (`reply.segment`), the `interrupt` messages
 * the page sent, and what the relay said was heard (`reply.truncated`).
 */
export interface ReplyWire {
  /** Sentences of each turn's reply, in order, with their first sample (output rate). */
  segments: Map<number, { text: string; startSample: number }[]>;
  interrupts: { turnId: number; playedSamples: number }[];
  /** `reply.truncated`: the reply as heard, per turn. */
  heard: Map<number, string>;
  /** `turn.done` seen, per turn (with its reply audio, in samples). */
  done: Map<number, { reply: string; audioSamples: number }>;
}

export function recordReplyWire(page: Page): ReplyWire {
  const wire: ReplyWire = {
    segments: new Map(),
    interrupts: [],
    heard: new Map(),
    done: new Map(),
  };
  listenToWireJson<
    { type: string; turnId: number; playedSamples: number },
    {
      type: string;
      turnId: number;
      text: string;
      startSample: number;
      heard: string;
      reply: string;
      audioSamples: number;
    }
  >(page, () => ({
    sent: (m) => {
      if (m.type === 'interrupt')
        wire.interrupts.push({ turnId: m.turnId, playedSamples: m.playedSamples });
    },
    received: (m) => {
      if (m.type === 'reply.segment') {
        const list = wire.segments.get(m.turnId) ?? [];
        list.push({ text: m.text, startSample: m.startSample });
        wire.segments.set(m.turnId, list);
      } else if (m.type === 'reply.truncated') wire.heard.set(m.turnId, m.heard);
      else if (m.type === 'turn.done')
        wire.done.set(m.turnId, { reply: m.reply, audioSamples: m.audioSamples });
    },
  }));
  return wire;
}

/**
 * Waits until the microphone has captured `ms` of the fake file (Chromium plays it from its
 * start when the microphone is opened, and the capture counts 16 kHz samples from there).
 */
export async function untilFileAt(page: Page, ms: number, timeout = 40_000): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => (window.__parley?.capture?.samples ?? 0) / 16), {
      timeout,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(ms);
}

/** Reply samples of `turnId` the page played, at `rateHz`. */
export function playedAt(page: Page, turnId: number, rateHz: number): Promise<number> {
  return page.evaluate(([id, rate]) => window.__parley?.player?.playedSamplesAt(id, rate) ?? -1, [
    turnId,
    rateHz,
  ] as const);
}

/** The session the page is in (the relay's id). */
export function sessionIdOf(page: Page): Promise<string | null> {
  return page.evaluate(() => window.__parley?.connection?.sessionId ?? null);
}

/** The microphone the call captures from now: its label and deviceId. */
export function micInUse(page: Page): Promise<{ label: string; deviceId: string }> {
  return page.evaluate(() => {
    const track = window.__parley?.capture?.track;
    return { label: track?.label ?? '', deviceId: track?.getSettings().deviceId ?? '' };
  });
}

/** The output device the call's AudioContext plays through ('' is the system's). */
export function speakerInUse(page: Page): Promise<string> {
  return page.evaluate(() => {
    // `sinkId` (Chromium 110+) is not in TypeScript's DOM lib yet.
    const context = window.__parley?.context as { sinkId?: unknown } | null | undefined;
    return typeof context?.sinkId === 'string' ? context.sinkId : 'none';
  });
}

/**
 * The turns the relay stored for the page's session, as it serves them; `relayUrl`: the relay
 * the page talks to, when it is not the suite's (relative URLs go to the suite's).
 */
export async function storedTurns(
  page: Page,
  relayUrl = '',
): Promise<{ userText: string; assistantText: string; status: string; interrupted: boolean }[]> {
  const id = await sessionIdOf(page);
  const res = await page.request.get(`${relayUrl}/api/sessions/${id ?? ''}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as {
    turns: { userText: string; assistantText: string; status: string; interrupted: boolean }[];
  };
  return body.turns;
}

/**
 * The device `deviceId` is unplugged, for good: `enumerateDevices` no longer lists it, asking
 * for it exactly fails as for a device that is gone, and `devicechange` fires.
 */
export async function unplugDevice(page: Page, deviceId: string): Promise<void> {
  await page.evaluate((gone) => {
    const devices = navigator.mediaDevices;
    const list = devices.enumerateDevices.bind(devices);
    const open = devices.getUserMedia.bind(devices);
    devices.enumerateDevices = async () => (await list()).filter((d) => d.deviceId !== gone);
    devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
      const audio = constraints?.audio;
      const wanted = typeof audio === 'object' ? audio.deviceId : undefined;
      const exact = typeof wanted === 'object' && !Array.isArray(wanted) ? wanted.exact : wanted;
      if (exact === gone)
        return Promise.reject(new DOMException('the device is gone', 'OverconstrainedError'));
      return open(constraints);
    };
    devices.dispatchEvent(new Event('devicechange'));
  }, deviceId);
}

/** The value of each option of the `<select>` `testId`, by its label. */
export function optionValues(page: Page, testId: string): Promise<Record<string, string>> {
  return page
    .getByTestId(testId)
    .locator('option')
    .evaluateAll((options) =>
      Object.fromEntries(
        options.map((o) => [o.textContent, (o as HTMLOptionElement).value] as const),
      ),
    );
}

/**
 * This page's conversation in the history list. The e2e relay has no sign-in, so every page is
 * the same user and the list holds the conversations of the specs that ran before too.
 */
export async function ownHistoryItem(page: Page): Promise<Locator> {
  await expect.poll(() => sessionIdOf(page), { message: 'the page has a session' }).not.toBeNull();
  const sessionId = await sessionIdOf(page);
  return page.locator(`[data-testid="history-item"][data-session="${sessionId}"]`);
}
