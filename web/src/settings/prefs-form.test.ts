import { describe, expect, it } from 'vitest';
import type { PreferenceOptions, UserPreferences } from '@parley/shared';
import { prefsBody, prefsForm } from './prefs-form.ts';
import { intlFor } from '../i18n/intl.ts';

const current: UserPreferences = {
  persona: 'friendly',
  replyLength: 'short',
  speakingRate: 1,
  language: 'en',
};
const options: PreferenceOptions = {
  personas: [
    { id: 'friendly', label: 'Friendly' },
    { id: 'custom', label: 'Your own' },
  ],
  voices: [{ id: 'slt', label: 'SLT (female)' }],
  languages: [{ id: 'en', label: 'English' }],
  recognised: ['en'],
  speakingRate: true,
  defaultEagerness: 'balanced',
};

describe('prefsBody', () => {
  it('sends an eagerness only when one is chosen (else the relay default applies)', () => {
    expect(
      prefsBody(intlFor('en'), { ...prefsForm(current), eagerness: 'patient' }, options, current),
    ).toEqual({
      ok: true,
      body: { ...current, eagerness: 'patient' },
    });
    expect(prefsForm({ ...current, eagerness: 'eager' }).eagerness).toBe('eager');
    expect(prefsForm(current).eagerness).toBe('');
  });

  it('sends the sound while a tool works only when it is not the spoken line (the default)', () => {
    expect(prefsForm(current).toolProgress).toBe('spoken');
    const form = { ...prefsForm(current), toolProgress: 'earcon' as const };
    expect(prefsBody(intlFor('en'), form, options, current)).toEqual({
      ok: true,
      body: { ...current, toolProgress: 'earcon' },
    });
    const earcon = { ...current, toolProgress: 'earcon' as const };
    expect(
      prefsBody(intlFor('en'), { ...prefsForm(earcon), toolProgress: 'spoken' }, options, earcon),
    ).toEqual({
      ok: true,
      body: current,
    });
  });

  it('saves the check-in after silence only when turned off (absent: on)', () => {
    expect(prefsForm(current).checkInOnSilence).toBe(true);
    const off = prefsBody(
      intlFor('en'),
      { ...prefsForm(current), checkInOnSilence: false },
      options,
      current,
    );
    expect(off).toEqual({ ok: true, body: { ...current, checkInOnSilence: false } });
    const saved = { ...current, checkInOnSilence: false };
    expect(prefsForm(saved).checkInOnSilence).toBe(false);
    expect(
      prefsBody(intlFor('en'), { ...prefsForm(saved), checkInOnSilence: true }, options, saved),
    ).toEqual({
      ok: true,
      body: current,
    });
  });

  it('saves "stop at any sound" only when chosen (absent: words decide)', () => {
    expect(prefsForm(current).stopAtAnySound).toBe(false);
    const on = prefsBody(
      intlFor('en'),
      { ...prefsForm(current), stopAtAnySound: true },
      options,
      current,
    );
    expect(on).toEqual({ ok: true, body: { ...current, stopAtAnySound: true } });
    const saved = { ...current, stopAtAnySound: true };
    expect(prefsForm(saved).stopAtAnySound).toBe(true);
    expect(
      prefsBody(intlFor('en'), { ...prefsForm(saved), stopAtAnySound: false }, options, saved),
    ).toEqual({
      ok: true,
      body: current,
    });
  });

  it('round-trips the preferences, the default voice left out', () => {
    expect(prefsBody(intlFor('en'), prefsForm(current), options, current)).toEqual({
      ok: true,
      body: current,
    });
  });

  it('sends the chosen voice, rate and the custom text', () => {
    const form = {
      ...prefsForm(current),
      persona: 'custom' as const,
      customPersona: '  Speak like a pirate.  ',
      voice: 'slt',
      speakingRate: 1.3,
    };
    expect(prefsBody(intlFor('en'), form, options, current)).toEqual({
      ok: true,
      body: {
        ...current,
        persona: 'custom',
        customPersona: 'Speak like a pirate.',
        voice: 'slt',
        speakingRate: 1.3,
      },
    });
  });

  it('asks for the text of a custom persona', () => {
    const form = { ...prefsForm(current), persona: 'custom' as const, customPersona: ' ' };
    expect(prefsBody(intlFor('en'), form, options, current)).toEqual({
      ok: false,
      errors: { customPersona: 'Write how the assistant should be, or choose a preset.' },
    });
  });

  it('keeps the rate as it was where the voice has none', () => {
    const form = { ...prefsForm(current), speakingRate: 1.8 };
    const r = prefsBody(intlFor('en'), form, { ...options, speakingRate: false }, current);
    expect(r.ok && r.body.speakingRate).toBe(1);
  });

  it('ties a schema problem to its field', () => {
    const form = {
      ...prefsForm(current),
      persona: 'custom' as const,
      customPersona: 'x'.repeat(2001),
    };
    const r = prefsBody(intlFor('en'), form, options, current);
    expect(r.ok).toBe(false);
    expect(!r.ok && Object.keys(r.errors)).toEqual(['customPersona']);
  });
});
