import { handOffKey } from '@parley/shared/hand-off-key';

/**
 * A conversation the tab's page before this one handed over (a full page load within the
 * site; docs/design/call-across-pages.md): whether one waits for this page, and whether its
 * spoken call can go on by itself or needs the user's tap. The hand-off itself is the call's to
 * read (the loader only checks its key: it stays small).
 */

/** A hand-off for the relay at `relayUrl` waits in the tab's `storage` (null: none readable). */
export function handOffWaiting(
  storage: Pick<Storage, 'getItem'> | null,
  relayUrl: string,
): boolean {
  try {
    return storage?.getItem(handOffKey(new URL(relayUrl).origin)) != null;
  } catch {
    // A storage the page may not read (blocked cookies, a sandboxed frame): nothing to go on with.
    return false;
  }
}

/** What the browser lets this page do before the user touches it. */
export interface GoOnProbe {
  /** `navigator.getAutoplayPolicy('audiocontext')` where the browser has it, else null. */
  autoplayPolicy(): string | null;
  /** A new `AudioContext` runs without a gesture (made, watched briefly, closed). */
  audioRuns(): Promise<boolean>;
  /** The microphone's permission: `granted`, `prompt`, `denied`; throws where it cannot say. */
  micPermission(): Promise<string>;
}

/** How a handed-over spoken call comes back: by itself, or at the user's tap. */
export type GoOnWay = 'by-itself' | 'tap';

/**
 * The way for what was found (pure): by itself only where the reply can be heard (audio runs
 * without a gesture) and the microphone opens without asking; anything unknown asks for a tap
 * (a prompt at page load, or a reply no one hears, would be worse than one tap).
 */
export function goOnWay(found: { audioRuns: boolean; mic: string | null }): GoOnWay {
  return found.audioRuns && found.mic === 'granted' ? 'by-itself' : 'tap';
}

/**
 * Asks the browser (see {@link GoOnProbe}) and decides. The autoplay policy, where the browser
 * states it, spares making an `AudioContext` to find out.
 */
export async function probeGoOn(probe: GoOnProbe): Promise<GoOnWay> {
  const mic = probe.micPermission().catch(() => null);
  const policy = probe.autoplayPolicy();
  const audioRuns = policy === null ? await probe.audioRuns() : policy === 'allowed';
  return goOnWay({ audioRuns, mic: await mic });
}

/** How long a new `AudioContext` is given to start running (it starts asynchronously). */
const AUDIO_START_MS = 500;

/** The page's browser, asked (see {@link GoOnProbe}). */
export function browserGoOnProbe(): GoOnProbe {
  return {
    autoplayPolicy: () => {
      const nav = navigator as Navigator & { getAutoplayPolicy?: (type: string) => string };
      return typeof nav.getAutoplayPolicy === 'function'
        ? nav.getAutoplayPolicy('audiocontext')
        : null;
    },
    audioRuns: async () => {
      if (typeof AudioContext !== 'function') return false;
      const context = new AudioContext();
      try {
        if (context.state === 'running') return true;
        return await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), AUDIO_START_MS);
          context.addEventListener('statechange', () => {
            if (context.state !== 'running') return;
            clearTimeout(timer);
            resolve(true);
          });
        });
      } finally {
        void context.close().catch(() => undefined);
      }
    },
    micPermission: async () => (await navigator.permissions.query({ name: 'microphone' })).state,
  };
}
