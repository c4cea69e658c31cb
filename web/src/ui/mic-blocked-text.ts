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
const ALLOW_STEPS: Record<BrowserKind, string[]> = {
  chrome: [
    'Click the site icon at the left of the address bar.',
    'Turn Microphone on (or open Site settings and set Microphone to Allow).',
  ],
  edge: [
    'Click the lock icon at the left of the address bar.',
    'Under Permissions for this site, set Microphone to Allow.',
  ],
  firefox: [
    'Click the crossed-out microphone icon at the left of the address bar.',
    'Clear “Blocked” next to Use the microphone (click the ✕).',
  ],
  'safari-mac': [
    'In the menu bar, choose Safari → Settings… → Websites → Microphone.',
    'Set this website to Allow (or Ask).',
  ],
  'safari-ios': [
    'Tap the page-settings button (aA) in the address bar → Website Settings.',
    'Set Microphone to Allow (or Ask).',
  ],
  'ios-other': [
    'Open the Settings app, find this browser in the list of apps.',
    'Turn Microphone on, then come back here.',
  ],
  'android-chrome': [
    'Tap the icon at the left of the address bar → Permissions.',
    'Turn Microphone on. If it stays off: Android Settings → Apps → Chrome → Permissions → Microphone → Allow.',
  ],
  other: ['Open this site’s settings in your browser and allow the microphone.'],
};

/** What the notice of a microphone that could not be opened says. */
export interface MicBlockedText {
  title: string;
  /** What to do, in order (empty when there is nothing to change in the browser). */
  steps: string[];
}

/** The notice for a microphone `failure` at the start of a call, in `browser`. */
export function micBlockedText(
  failure: 'denied' | 'missing' | 'busy',
  browser: BrowserKind,
): MicBlockedText {
  switch (failure) {
    case 'denied':
      return {
        title: 'Parley can’t use your microphone: it is blocked for this site. You can type below.',
        steps: [...ALLOW_STEPS[browser], 'Then press Try again.'],
      };
    case 'missing':
      return {
        title: 'No microphone was found. You can type below.',
        steps: ['Plug in a microphone or connect a headset, then press Try again.'],
      };
    case 'busy':
      return {
        title: 'The microphone is in use by another app (a call?). You can type below.',
        steps: ['Close the other app or call, then press Try again.'],
      };
  }
}
