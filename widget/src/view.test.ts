import { describe, expect, it } from 'vitest';
import type { StartFailure } from './call/call-port.ts';
import { INITIAL_MODEL, problemOf, type WidgetModel } from './model.ts';
import { viewOf } from './view.ts';
import { WORDING } from './wording.ts';

const EN = WORDING.en;
const NL = WORDING.nl;
const model = (m: Partial<WidgetModel>): WidgetModel => ({ ...INITIAL_MODEL, ...m });
const ON = model({ open: true, call: 'on', phase: 'listening' });

describe('the widget’s view', () => {
  it('closed: a Talk button, its panel hidden', () => {
    const v = viewOf(INITIAL_MODEL, EN, null);
    expect(v.launcher).toEqual({ label: EN.launcher, expanded: false });
    expect(v.callButton).toEqual({ label: 'Talk', action: 'start', busy: false });
    expect(v.mute.shown).toBe(false);
    expect(v.greeting).toBe(EN.greeting);
  });

  it('a call handed over by the page before, waiting: “Tap to go on talking”, in both languages', () => {
    const waiting = model({ open: true, goOn: true, heard: 'what time is it', reply: 'Ten.' });
    const v = viewOf(waiting, EN, null);
    expect(v.status).toBe('Tap to go on talking');
    expect(v.callButton).toEqual({ label: 'Go on talking', action: 'start', busy: false });
    expect(v).toMatchObject({ heard: 'what time is it', reply: 'Ten.', greeting: null });
    expect(viewOf(waiting, NL, null).status).toBe('Tik om verder te praten');
    expect(viewOf(waiting, NL, null).callButton.label).toBe('Verder praten');
  });

  it('loading the call: End (busy), no mute yet', () => {
    const v = viewOf(model({ open: true, call: 'loading' }), EN, null);
    expect(v.status).toBe('Loading…');
    expect(v.callButton).toEqual({ label: 'End', action: 'end', busy: true });
    expect(v.mute.shown).toBe(false);
  });

  it('on: each phase in words, mute and interrupt when they apply', () => {
    const phases = {
      starting: 'Starting the microphone…',
      listening: 'Listening',
      'user-speaking': 'Hearing you…',
      thinking: 'Thinking…',
      speaking: 'Speaking',
    } as const;
    for (const [phase, status] of Object.entries(phases)) {
      const v = viewOf({ ...ON, phase: phase as keyof typeof phases }, EN, null);
      expect(v.status, phase).toBe(status);
      expect(v.mute, phase).toEqual({ shown: true, pressed: false });
      expect(v.interrupt.shown, phase).toBe(phase === 'speaking');
    }
    expect(viewOf({ ...ON, muted: true }, EN, null)).toMatchObject({
      status: EN.status.muted,
      mute: { shown: true, pressed: true },
    });
    expect(viewOf({ ...ON, reconnecting: true }, NL, null).status).toBe(
      'Opnieuw verbinden… wat je zegt, wordt bewaard',
    );
  });

  it('shows the page’s greeting until words arrive', () => {
    expect(viewOf(ON, NL, 'Waarmee kan ik helpen?').greeting).toBe('Waarmee kan ik helpen?');
    expect(viewOf(ON, NL, null).greeting).toBe(NL.greeting);
    const talking = viewOf({ ...ON, heard: 'hallo', reply: 'Hoi!' }, NL, 'Welkom');
    expect(talking).toMatchObject({ greeting: null, heard: 'hallo', reply: 'Hoi!' });
  });

  it('says what went wrong and what to do, in the widget’s language', () => {
    const say = (failure: StartFailure, w = EN) =>
      viewOf(model({ open: true, problem: problemOf(failure) }), w, null).problem;
    expect(say({ kind: 'refused', text: 'This site is not allowed to use this assistant.' })).toBe(
      'This site is not allowed to use this assistant.',
    );
    expect(
      say({ kind: 'refused', text: 'This site is not allowed to use this assistant.' }, NL),
    ).toBe('Deze site mag deze assistent niet gebruiken.');
    // The relay's own words, as it wrote them.
    expect(say({ kind: 'refused', text: 'The relay is full: try again in a minute.' }, NL)).toBe(
      'The relay is full: try again in a minute.',
    );
    expect(say({ kind: 'unreachable' })).toMatch(/Check your connection, then press Talk/);
    expect(say({ kind: 'needs-token' })).toMatch(/Sign in on this site/);
    expect(say({ kind: 'mic', failure: 'denied' }, NL)).toMatch(/geblokkeerd.*of typ hieronder/);
    expect(say({ kind: 'mic', failure: 'missing' })).toMatch(/No microphone/);
    expect(say({ kind: 'mic', failure: 'busy' })).toMatch(/Another app/);
    expect(say({ kind: 'gave-up' })).toMatch(/Press Talk to start again/);
    expect(say({ kind: 'not-started' })).toMatch(/Press Talk to try again/);
    expect(say({ kind: 'insecure' })).toMatch(/HTTPS/);
    expect(say({ kind: 'vad-failed', reason: 'no wasm' }, NL)).toMatch(/Spraakherkenning/);
    expect(viewOf(model({ problem: { kind: 'load-failed' } }), EN, null).problem).toMatch(
      /could not load/,
    );
    expect(viewOf(INITIAL_MODEL, EN, null).problem).toBeNull();
  });
});
