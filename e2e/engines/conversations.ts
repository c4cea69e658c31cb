/**
 * Conversations only the engine lanes speak (written with e2e/global-setup.ts's, in the same
 * form: [lead ms, phrase, gap ms, phrase, gap ms, …]). Each lane starts a relay of its own, and
 * a relay just started answers its first question in ~1.6 s here (its first synthesis and its
 * first decode), against ~0.5 s warm: the gap after a first question leaves room for its reply
 * to play to its end before the next one.
 */
export const LANE_CONVERSATIONS: Record<string, (string | number)[]> = {
  'lane-questions': [1000, 'what time is it', 6000, 'what is five times six', 4000],
  'lane-mute': [
    1000,
    'what time is it',
    6000,
    'what is five times six',
    3500,
    'good morning',
    5000,
  ],
  // The call's audio is taken after the first answer, given back by a tap: the file starts
  // again when the tap opens the microphone again.
  'lane-tap': [1000, 'what time is it', 9000],
  'lane-resume': [1000, 'what time is it', 6000, 'thank you very much', 5000],
  // The widget on a site's two pages (./widget-spec.ts): the harness starts the file when the
  // call listens, so a second of lead is enough (Chromium's spec leads with two: its fake
  // device starts at the request, before the call's detector has loaded).
  'lane-widget-first': [1000, 'what time is it', 8000],
  'lane-widget-next': [1000, 'what is five times six', 5000],
};
