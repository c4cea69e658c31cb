import type { MicState } from '../state/mic-state.ts';

/** What the microphone notice says, and the button it offers (a tap: a user gesture). */
export interface MicNoticeText {
  /** `paused` and `retrying` are waits; `recovering` is under way; `stuck` needs the user. */
  state: Exclude<MicState['status'], 'live'>;
  text: string;
  action: 'Try again' | 'Resume' | null;
}

/** The notice for the microphone's state, or null while it is live (or there is no call). */
export function micNoticeText(mic: MicState | null): MicNoticeText | null {
  if (mic === null) return null;
  switch (mic.status) {
    case 'live':
      return null;
    case 'paused':
      return {
        state: 'paused',
        text: mic.visible
          ? 'Microphone paused — another app (a call?) is using it. Parley will resume when it is free.'
          : 'Microphone paused — the phone took it while Parley was in the background. It will resume when you come back.',
        action: null,
      };
    case 'recovering':
      return { state: 'recovering', text: 'Turning the microphone back on…', action: null };
    case 'retrying':
      return {
        state: 'retrying',
        text:
          mic.failure === 'missing'
            ? 'No microphone found — plug one in or connect your headset. Trying again…'
            : 'The microphone is busy — a call or another app is using it. Trying again…',
        action: null,
      };
    case 'stuck':
      return { state: 'stuck', ...stuckText(mic.failure) };
  }
}

function stuckText(failure: MicState['failure']): Pick<MicNoticeText, 'text' | 'action'> {
  switch (failure) {
    case 'denied':
      return {
        text: "Microphone access is off for this site. Allow the microphone in your browser's site settings, then tap Try again (or type below).",
        action: 'Try again',
      };
    case 'context':
      return {
        text: 'The system paused Parley’s audio (a phone call, Siri or another app). Tap to resume.',
        action: 'Resume',
      };
    case 'missing':
      return {
        text: 'No microphone found. Plug one in or connect your headset, then tap Try again.',
        action: 'Try again',
      };
    case 'busy':
    case null:
      return {
        text: 'The microphone is still in use elsewhere (a call or another app). Close it, then tap Try again.',
        action: 'Try again',
      };
  }
}

/** The Talk button's hint while the microphone is not live. */
export function micHint(mic: MicState | null): string | null {
  switch (mic?.status) {
    case undefined:
    case 'live':
      return null;
    case 'recovering':
      return 'Turning the microphone back on…';
    case 'stuck':
      return 'Microphone off';
    case 'paused':
    case 'retrying':
      return 'Microphone paused';
  }
}
