import { describe, expect, it } from 'vitest';
import { handOffKey } from '@parley/shared';
import { goOnWay, handOffWaiting, probeGoOn, type GoOnProbe } from './go-on.ts';

/** A tab's storage holding `items`. */
const storage = (items: Record<string, string>) => ({ getItem: (k: string) => items[k] ?? null });

/** A browser that answers as told, and counts the AudioContexts it was asked to make. */
function browser(answers: {
  policy?: string | null;
  audioRuns?: boolean;
  mic?: string | Error;
}): GoOnProbe & { contexts: number } {
  const probe = {
    contexts: 0,
    autoplayPolicy: () => answers.policy ?? null,
    audioRuns: () => {
      probe.contexts += 1;
      return Promise.resolve(answers.audioRuns ?? false);
    },
    micPermission: () => {
      const mic = answers.mic ?? 'prompt';
      return mic instanceof Error ? Promise.reject(mic) : Promise.resolve(mic);
    },
  };
  return probe;
}

describe('a conversation handed over by the tab’s page before', () => {
  it('is found by its relay’s key only (the relay’s origin, whatever its URL’s path)', () => {
    const tab = storage({ [handOffKey('https://relay.example')]: '{"v":1}' });
    expect(handOffWaiting(tab, 'https://relay.example')).toBe(true);
    expect(handOffWaiting(tab, 'https://relay.example/parley')).toBe(true);
    expect(handOffWaiting(tab, 'https://other.example')).toBe(false);
    expect(handOffWaiting(storage({}), 'https://relay.example')).toBe(false);
  });

  it('is not found in a storage the page may not read, nor without one', () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    expect(handOffWaiting(blocked, 'https://relay.example')).toBe(false);
    expect(handOffWaiting(null, 'https://relay.example')).toBe(false);
  });
});

describe('how a handed-over call goes on', () => {
  it('by itself only where audio runs without a tap and the microphone is granted', () => {
    expect(goOnWay({ audioRuns: true, mic: 'granted' })).toBe('by-itself');
    expect(goOnWay({ audioRuns: false, mic: 'granted' })).toBe('tap');
    expect(goOnWay({ audioRuns: true, mic: 'prompt' })).toBe('tap');
    expect(goOnWay({ audioRuns: true, mic: 'denied' })).toBe('tap');
    expect(goOnWay({ audioRuns: true, mic: null })).toBe('tap');
  });

  it('Chromium after a same-site navigation: a context that runs, the microphone granted', async () => {
    const chromium = browser({ audioRuns: true, mic: 'granted' });
    expect(await probeGoOn(chromium)).toBe('by-itself');
    expect(chromium.contexts).toBe(1);
  });

  it('a context left suspended (WebKit, Chromium without the user’s activation): a tap', async () => {
    expect(await probeGoOn(browser({ audioRuns: false, mic: 'granted' }))).toBe('tap');
  });

  it('a microphone that would prompt, or a browser that cannot say (no permission query): a tap', async () => {
    expect(await probeGoOn(browser({ audioRuns: true, mic: 'prompt' }))).toBe('tap');
    const noQuery = browser({ audioRuns: true, mic: new TypeError("'microphone' is not a name") });
    expect(await probeGoOn(noQuery)).toBe('tap');
  });

  it('reads the autoplay policy where the browser states it (Firefox), making no context', async () => {
    const allowed = browser({ policy: 'allowed', mic: 'granted' });
    expect(await probeGoOn(allowed)).toBe('by-itself');
    expect(allowed.contexts).toBe(0);
    for (const policy of ['allowed-muted', 'disallowed'])
      expect(await probeGoOn(browser({ policy, audioRuns: true, mic: 'granted' }))).toBe('tap');
  });
});
