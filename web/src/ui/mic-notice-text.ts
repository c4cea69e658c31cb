import type { IntlShape } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';
import type { MicState } from '@parley/client';

/** What the microphone notice says, and the button it offers (a tap: a user gesture). */
export interface MicNoticeText {
  /** `paused` and `retrying` are waits; `recovering` is under way; `stuck` needs the user. */
  state: Exclude<MicState['status'], 'live'>;
  text: string;
  /** The button's words ("Try again", "Resume"), or null: nothing to press. */
  action: string | null;
}

/** The notice for the microphone's state, or null while it is live (or there is no call). */
export function micNoticeText(intl: IntlShape, mic: MicState | null): MicNoticeText | null {
  const say = (id: MessageId) => intl.formatMessage({ id });
  if (mic === null) return null;
  switch (mic.status) {
    case 'live':
      return null;
    case 'paused':
      return {
        state: 'paused',
        text: say(mic.visible ? 'mic.paused.visible' : 'mic.paused.hidden'),
        action: null,
      };
    case 'recovering':
      return { state: 'recovering', text: say('mic.recovering'), action: null };
    case 'retrying':
      return {
        state: 'retrying',
        text: say(mic.failure === 'missing' ? 'mic.retrying.missing' : 'mic.retrying.busy'),
        action: null,
      };
    case 'stuck': {
      const { text, action } = stuckText(mic.failure);
      return { state: 'stuck', text: say(text), action: say(action) };
    }
  }
}

function stuckText(failure: MicState['failure']): { text: MessageId; action: MessageId } {
  switch (failure) {
    case 'denied':
      return { text: 'mic.stuck.denied', action: 'mic.action.tryAgain' };
    case 'context':
      return { text: 'mic.stuck.context', action: 'mic.action.resume' };
    case 'missing':
      return { text: 'mic.stuck.missing', action: 'mic.action.tryAgain' };
    case 'busy':
    case null:
      return { text: 'mic.stuck.busy', action: 'mic.action.tryAgain' };
  }
}

/** The Talk button's hint while the microphone is not live. */
export function micHint(intl: IntlShape, mic: MicState | null): string | null {
  switch (mic?.status) {
    case undefined:
    case 'live':
      return null;
    case 'recovering':
      return intl.formatMessage({ id: 'mic.hint.recovering' });
    case 'stuck':
      return intl.formatMessage({ id: 'mic.hint.off' });
    case 'paused':
    case 'retrying':
      return intl.formatMessage({ id: 'mic.hint.paused' });
  }
}
