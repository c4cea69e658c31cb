import type { CallView, LinkSound } from '@parley/client/internal';
import type { AppStore } from '../state/store.ts';
import { questionOpen } from '../state/tool-calls.ts';
import type { ChatEntry } from '../state/types.ts';

/** Turn ids keep increasing across calls in this page, so transcript keys never collide. */
export function nextTurnId(entries: readonly ChatEntry[]): number {
  const last = entries.at(-1)?.turnId ?? 0;
  return last + 1;
}

/** What the call reads of the page's conversation, read from the page's store when it asks. */
export function storeView({ store }: AppStore): CallView {
  return {
    nextTurnId: () => nextTurnId(store.getState().entries),
    questionOpen: () => questionOpen(store.getState().entries),
    speakReplies: () => store.getState().speakReplies,
    continuing: () => store.getState().continuing,
  };
}

/**
 * How the page's own sounds are heard outside the call (a reminder pushed while the page is
 * open): through the speaker shown, spoken when a call runs or "Speak replies" is on.
 */
export function storeSound({ store }: AppStore): LinkSound {
  return {
    speakerDeviceId: () => store.getState().speakerDeviceId,
    speaks: () => {
      const { speakReplies, call } = store.getState();
      return speakReplies || call !== 'idle';
    },
  };
}
