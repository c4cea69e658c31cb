import { describe, expect, it } from 'vitest';
import { SITE_NOT_ALLOWED_MESSAGE } from '@parley/shared';
import type { WidgetCallEventName, WidgetCallEvents } from './call/call-port.ts';
import {
  INITIAL_MODEL,
  refusedForGood,
  step,
  type WidgetInput,
  type WidgetModel,
} from './model.ts';

/** The call's event `name` with `payload`, as the element hands it to the model. */
const call = <E extends WidgetCallEventName>(name: E, payload: WidgetCallEvents[E]) =>
  ({ type: 'call', event: { name, payload } }) as WidgetInput;

/** The model after `inputs`, from the start. */
const after = (...inputs: WidgetInput[]): WidgetModel => inputs.reduce(step, INITIAL_MODEL);

/** A call pressed into life: Talk, the code loaded, start called, the microphone listening. */
const TALKING: WidgetInput[] = [
  { type: 'talk' },
  { type: 'starting' },
  call('state', { phase: 'starting' }),
  call('state', { phase: 'listening' }),
];

describe('the widget’s model', () => {
  it('opens on Talk, loads, and is on once started', () => {
    expect(after({ type: 'talk' })).toMatchObject({ open: true, call: 'loading' });
    expect(after(...TALKING)).toMatchObject({ open: true, call: 'on', phase: 'listening' });
  });

  it('shows the live words of a turn, then its reply, and clears both for the next turn', () => {
    const m = after(
      ...TALKING,
      call('transcript', { turnId: 1, text: '', final: false, typed: false }),
      call('partial', { turnId: 1, text: 'what time' }),
      call('partial', { turnId: 1, text: 'what time is it' }),
      call('transcript', { turnId: 1, text: 'What time is it?', final: true, typed: false }),
      call('reply', { kind: 'delta', turnId: 1, text: 'It is ' }),
      call('reply', { kind: 'delta', turnId: 1, text: 'ten.' }),
    );
    expect(m).toMatchObject({ heard: 'What time is it?', reply: 'It is ten.' });
    const next = step(m, call('partial', { turnId: 2, text: 'and' }));
    expect(next).toMatchObject({ heard: 'and', heardTurn: 2, reply: '' });
  });

  it('keeps what was heard of a cut reply, and a finished reply’s whole text', () => {
    const cut = after(
      ...TALKING,
      call('reply', { kind: 'delta', turnId: 3, text: 'Here are three things I can' }),
      call('reply', { kind: 'truncated', turnId: 3, heard: 'Here are three' }),
    );
    expect(cut.reply).toBe('Here are three');
    const done = after(
      ...TALKING,
      call('reply', { kind: 'delta', turnId: 4, text: 'Hel' }),
      call('reply', { kind: 'done', turnId: 4, status: 'completed', text: 'Hello there.' }),
    );
    expect(done.reply).toBe('Hello there.');
  });

  it('mutes and unmutes during a call; ending it unmutes', () => {
    const muted = after(...TALKING, { type: 'mute', muted: true });
    expect(muted.muted).toBe(true);
    expect(step(muted, { type: 'end' })).toMatchObject({ call: 'none', muted: false });
  });

  it('says reconnecting while the connection is, and not once it is back', () => {
    const lost = after(
      ...TALKING,
      call('connection', { status: 'reconnecting', attempt: 1, nextInMs: 500 }),
    );
    expect(lost.reconnecting).toBe(true);
    expect(
      step(lost, call('connection', { status: 'connected', resumed: true })).reconnecting,
    ).toBe(false);
  });

  it('tells the site refused from other refusals, and ends the call for either', () => {
    const refused = (text: string) =>
      after(
        ...TALKING,
        call('error', { kind: 'start', failure: { kind: 'refused', text }, retry: null }),
      );
    expect(refused(SITE_NOT_ALLOWED_MESSAGE)).toMatchObject({
      call: 'none',
      problem: { kind: 'not-allowed' },
    });
    expect(refused('The relay is full.')).toMatchObject({
      call: 'none',
      problem: { kind: 'relay', text: 'The relay is full.' },
    });
    expect(
      after({ type: 'talk' }, { type: 'ticket-failed', failure: { kind: 'needs-token' } }),
    ).toMatchObject({
      call: 'none',
      problem: { kind: 'failure', failure: { kind: 'needs-token' } },
    });
  });

  it('tells a refusal for good (the site not listed, a sign-in needed) from one worth asking again', () => {
    expect(refusedForGood({ kind: 'refused', text: SITE_NOT_ALLOWED_MESSAGE })).toBe(true);
    expect(refusedForGood({ kind: 'needs-token' })).toBe(true);
    expect(refusedForGood({ kind: 'refused', text: 'Too many sessions.' })).toBe(false);
    expect(refusedForGood({ kind: 'unreachable' })).toBe(false);
  });

  it('clears a problem at the next Talk, and keeps the call’s own when start() then rejects', () => {
    const failed = after(
      ...TALKING,
      call('error', { kind: 'start', failure: { kind: 'mic', failure: 'denied' }, retry: 'call' }),
      { type: 'start-failed' },
    );
    expect(failed.problem).toEqual({
      kind: 'failure',
      failure: { kind: 'mic', failure: 'denied' },
    });
    expect(step(failed, { type: 'talk' }).problem).toBeNull();
    expect(after({ type: 'talk' }, { type: 'starting' }, { type: 'start-failed' }).problem).toEqual(
      { kind: 'unexpected' },
    );
  });

  it('ends with the call when the call goes idle by itself (the relay closed it)', () => {
    expect(after(...TALKING, call('state', { phase: 'idle' }))).toMatchObject({ call: 'none' });
    // Before start() is called, an idle state (the typed conversation's) changes nothing.
    expect(after({ type: 'talk' }, call('state', { phase: 'idle' })).call).toBe('loading');
  });

  it('a conversation handed over by the page before: open, shown again, its call waiting for a tap', () => {
    const shownAgain = [
      call('transcript', { turnId: 1, text: 'what time is it', final: true, typed: false }),
      call('reply', { kind: 'delta', turnId: 1, text: 'It is ten.' }),
      call('reply', { kind: 'done', turnId: 1, status: 'completed', text: 'It is ten.' }),
    ];
    const waiting = after(
      call('session', { kind: 'handed-over', mode: 'call', muted: false }),
      { type: 'handed-over', goOn: true },
      ...shownAgain,
    );
    expect(waiting).toMatchObject({
      open: true,
      call: 'none',
      goOn: true,
      heard: 'what time is it',
      reply: 'It is ten.',
    });
    // The tap: the call starts, the words stay.
    expect(after({ type: 'handed-over', goOn: true }, ...shownAgain, ...TALKING)).toMatchObject({
      call: 'on',
      goOn: false,
      heard: 'what time is it',
    });
    // Closed, or a typed conversation handed over: nothing waits.
    expect(step(waiting, { type: 'close' }).goOn).toBe(false);
    expect(after({ type: 'handed-over', goOn: false })).toMatchObject({ open: true, goOn: false });
  });

  it('a page shown again by Back takes the conversation its later page handed over: shown as that page left it, in place of its own', () => {
    // Page A showed turn 1 (the reply done), then went; the later page went on to turn 2, or
    // not (the user went Back at once): either way what comes replaces what A showed.
    const onA = after(
      ...TALKING,
      call('transcript', { turnId: 1, text: 'what time is it', final: true, typed: false }),
      call('reply', { kind: 'delta', turnId: 1, text: 'It is ten.' }),
      call('reply', { kind: 'done', turnId: 1, status: 'completed', text: 'It is ten.' }),
      call('state', { phase: 'idle' }),
    );
    const back = (...shown: WidgetInput[]) =>
      [
        call('session', { kind: 'handed-over', mode: 'call', muted: false }),
        ...shown,
        { type: 'handed-over', goOn: true } as const,
      ].reduce(step, onA);
    const turn1 = [
      call('transcript', { turnId: 1, text: 'what time is it', final: true, typed: false }),
      call('reply', { kind: 'delta', turnId: 1, text: 'It is ten.' }),
    ];
    expect(back(...turn1)).toMatchObject({
      open: true,
      goOn: true,
      heard: 'what time is it',
      reply: 'It is ten.',
    });
    const turn2 = [
      call('transcript', { turnId: 2, text: 'and tomorrow', final: true, typed: false }),
      call('reply', { kind: 'delta', turnId: 2, text: 'Sunny.' }),
    ];
    expect(back(...turn1, ...turn2)).toMatchObject({ heard: 'and tomorrow', reply: 'Sunny.' });
  });

  it('closes: the panel hides and the call ends, the words stay for the next opening', () => {
    const m = after(...TALKING, call('partial', { turnId: 1, text: 'hello' }), { type: 'close' });
    expect(m).toMatchObject({ open: false, call: 'none', heard: 'hello' });
  });
});
