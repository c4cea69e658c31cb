import { describe, expect, it } from 'vitest';
import type { MicState } from '@parley/client';
import { intlFor } from '../i18n/intl.ts';
import { micHint as hintIn, micNoticeText as noticeIn } from './mic-notice-text.ts';

const micNoticeText = noticeIn.bind(null, intlFor('en'));
const micHint = hintIn.bind(null, intlFor('en'));

const mic = (over: Partial<MicState>): MicState => ({
  status: 'live',
  faults: [],
  failure: null,
  visible: true,
  ...over,
});

describe('micNoticeText', () => {
  it('says nothing while the microphone is live or there is no call', () => {
    expect(micNoticeText(null)).toBeNull();
    expect(micNoticeText(mic({}))).toBeNull();
    expect(micHint(mic({}))).toBeNull();
  });

  it('a pause in the background promises to resume when the user is back', () => {
    const n = micNoticeText(mic({ status: 'paused', faults: ['track-ended'], visible: false }));
    expect(n?.state).toBe('paused');
    expect(n?.text).toMatch(/^Microphone paused — .*resume when you come back/);
    expect(n?.action).toBeNull();
    expect(micHint(mic({ status: 'paused' }))).toBe('Microphone paused');
  });

  it('every state that needs the user says what to do and offers the button', () => {
    for (const failure of ['denied', 'context', 'missing', 'busy'] as const) {
      const n = micNoticeText(mic({ status: 'stuck', failure }));
      expect(n?.state).toBe('stuck');
      expect(n?.action).not.toBeNull();
      // "Tap Resume", or "Tap to resume" where any tap does (the system took the audio).
      expect(n?.text.toLowerCase()).toMatch(
        new RegExp(`tap (to )?${n?.action?.toLowerCase() ?? ''}`),
      );
    }
    expect(micNoticeText(mic({ status: 'stuck', failure: 'context' }))?.text).toMatch(
      /Tap to resume\.$/,
    );
    expect(micNoticeText(mic({ status: 'stuck', failure: 'denied' }))?.text).toMatch(
      /Allow the microphone/,
    );
  });
});
