import type { IntlShape } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';

/** The browsers whose microphone settings differ enough to need their own steps. */
export type BrowserKind =
  | 'chrome'
  | 'edge'
  | 'firefox'
  | 'safari-mac'
  | 'safari-ios'
  | 'ios-other'
  | 'android-chrome'
  | 'other';

/** Which browser this is, from its user agent (and touch points: iPadOS says "Macintosh"). */
export function browserKind(userAgent: string, maxTouchPoints = 0): BrowserKind {
  const ios =
    /iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  if (ios) return /CriOS|FxiOS|EdgiOS|OPiOS/.test(userAgent) ? 'ios-other' : 'safari-ios';
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/Edg(A|e)?\//.test(userAgent)) return 'edge';
  if (/OPR\/|SamsungBrowser/.test(userAgent)) return 'other';
  if (/Android/.test(userAgent)) return /Chrome\//.test(userAgent) ? 'android-chrome' : 'other';
  if (/Chrome\/|Chromium\//.test(userAgent)) return 'chrome';
  if (/Safari\//.test(userAgent) && /Macintosh/.test(userAgent)) return 'safari-mac';
  return 'other';
}

/** Where to allow the microphone again, step by step, in `browser`. */
const ALLOW_STEPS: Record<BrowserKind, MessageId[]> = {
  chrome: ['micBlocked.chrome.1', 'micBlocked.chrome.2'],
  edge: ['micBlocked.edge.1', 'micBlocked.edge.2'],
  firefox: ['micBlocked.firefox.1', 'micBlocked.firefox.2'],
  'safari-mac': ['micBlocked.safariMac.1', 'micBlocked.safariMac.2'],
  'safari-ios': ['micBlocked.safariIos.1', 'micBlocked.safariIos.2'],
  'ios-other': ['micBlocked.iosOther.1', 'micBlocked.iosOther.2'],
  'android-chrome': ['micBlocked.android.1', 'micBlocked.android.2'],
  other: ['micBlocked.other.1'],
};

/** What the notice of a microphone that could not be opened says. */
export interface MicBlockedText {
  title: string;
  /** What to do, in order (empty when there is nothing to change in the browser). */
  steps: string[];
}

/** The notice for a microphone `failure` at the start of a call, in `browser`. */
export function micBlockedText(
  intl: IntlShape,
  failure: 'denied' | 'missing' | 'busy',
  browser: BrowserKind,
): MicBlockedText {
  const say = (id: MessageId) => intl.formatMessage({ id });
  switch (failure) {
    case 'denied':
      return {
        title: say('micBlocked.denied'),
        steps: [...ALLOW_STEPS[browser], 'micBlocked.then' as const].map(say),
      };
    case 'missing':
      return { title: say('micBlocked.missing'), steps: [say('micBlocked.missing.step')] };
    case 'busy':
      return { title: say('micBlocked.busy'), steps: [say('micBlocked.busy.step')] };
  }
}
