import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MicState, ParleyCallEvents } from '@parley/client';
import { Emitter } from '@parley/client/internal';
import type { RoundTrip, ServerMessage } from '@parley/shared';
import { formatSeconds } from '../i18n/format.ts';
import { currentIntl } from '../i18n/language.ts';
import { createAppStore, type AppActions, type AppStore } from '../state/store.ts';
import { reportFailure } from './report-failure.ts';
import { bindCallToStore, SWITCHED_NOTICE_MS, type RelayWatch } from './store-events.ts';

/** A store with something of everything the call writes, for each write to show. */
function seeded(): AppStore {
  const app = createAppStore();
  const { actions } = app;
  actions.continueConversation({ sessionId: 's-old', title: 'Small talk' }, [
    { key: 'user-1', role: 'user', turnId: 1, text: 'hello', final: true },
    { key: 'assistant-1', role: 'assistant', turnId: 1, text: 'Hi there', final: true },
  ]);
  actions.setCost(1200, 5000);
  actions.setNotice('The relay restarted.');
  actions.setMicBlocked('denied');
  actions.setStartRetry('call');
  actions.setConnection('reconnecting', 'attempt 1');
  actions.setSessionId('s-old');
  actions.trace(1, { text: 'hello' });
  return app;
}

const providers = {
  asr: { id: 'a', label: 'a' },
  llm: { id: 'l', label: 'l' },
  tts: { id: 't', label: 't' },
};
const rt: RoundTrip = { atMs: 2000, rttMs: 40, offsetMs: 5 };
const live: MicState = { status: 'live', faults: [], failure: null, visible: true };
const partial: ServerMessage = { type: 'transcript.partial', turnId: 2, text: 'what time' };

type Events = Emitter<ParleyCallEvents>;

/** `app` bound to a call's events (`events`), its relay watch doing nothing. */
function bound(
  app: AppStore,
  relay: RelayWatch = { reached: () => undefined, unreachable: () => undefined },
) {
  const events: Events = new Emitter();
  bindCallToStore(events, app, relay);
  return events;
}

/**
 * Each event the call tells, and the store actions the call called for it before it had events
 * (the same values, in the same order).
 */
const cases: [string, (events: Events) => void, (actions: AppActions) => void][] = [
  ['a phase', (e) => e.emit('state', { phase: 'listening' }), (a) => a.setCall('listening')],
  [
    'a start, which clears what the last one left',
    (e) => e.emit('state', { phase: 'starting' }),
    (a) => {
      a.setCall('starting');
      a.setNotice(null);
      a.setMicBlocked(null);
      a.setStartRetry(null);
    },
  ],
  [
    'no connection',
    (e) => e.emit('connection', { status: 'idle' }),
    (a) => a.setConnection('idle'),
  ],
  [
    'connecting',
    (e) => e.emit('connection', { status: 'connecting' }),
    (a) => a.setConnection('connecting'),
  ],
  [
    'connected afresh',
    (e) => e.emit('connection', { status: 'connected', resumed: false }),
    (a) => a.setConnection('connected'),
  ],
  [
    'connected again, resumed: the notice goes',
    (e) => e.emit('connection', { status: 'connected', resumed: true }),
    (a) => {
      a.setConnection('connected');
      a.setNotice(null);
    },
  ],
  [
    'reconnecting, worded in the page’s language',
    (e) => e.emit('connection', { status: 'reconnecting', attempt: 2, nextInMs: 1500 }),
    (a) =>
      a.setConnection(
        'reconnecting',
        currentIntl().formatMessage(
          { id: 'reconnect.detail' },
          { attempt: 2, next: formatSeconds(currentIntl(), 1500, 1) },
        ),
      ),
  ],
  [
    'unreachable',
    (e) => e.emit('connection', { status: 'unreachable' }),
    (a) => a.setConnection('unreachable', null),
  ],
  [
    'offline',
    (e) => e.emit('connection', { status: 'offline' }),
    (a) => a.setConnection('offline', null),
  ],
  ['a relay message', (e) => e.emit('message', partial), (a) => a.serverMessage(partial)],
  [
    'a user turn begun',
    (e) => e.emit('transcript', { turnId: 2, text: '', final: false, typed: false }),
    (a) => a.upsertEntry('user', 2, (e) => ({ ...e, text: '', final: false })),
  ],
  [
    'a typed turn’s words',
    (e) => e.emit('transcript', { turnId: 1, text: 'hello there', final: true, typed: true }),
    (a) => a.upsertEntry('user', 1, (e) => ({ ...e, text: 'hello there', final: true })),
  ],
  [
    'a dropped utterance',
    (e) => e.emit('turn', { kind: 'dropped', turnId: 1 }),
    (a) => a.removeEntry('user', 1),
  ],
  [
    'a reply cut',
    (e) => e.emit('turn', { kind: 'interrupted', turnId: 1 }),
    (a) => a.markInterrupted(1),
  ],
  ['a new timeline', (e) => e.emit('latency', { kind: 'reset' }), (a) => a.newTimeline()],
  [
    'a trace',
    (e) => e.emit('latency', { kind: 'trace', turnId: 1, update: { client: { endSentAtMs: 7 } } }),
    (a) => a.trace(1, { client: { endSentAtMs: 7 } }),
  ],
  [
    'a voice-to-voice time',
    (e) => e.emit('latency', { kind: 'voice-to-voice', turnId: 1, ms: 900 }),
    (a) => a.recordFigures(1, { voiceToVoiceMs: 900 }),
  ],
  [
    'a round trip',
    (e) => e.emit('latency', { kind: 'round-trip', rt }),
    (a) => a.recordRoundTrip(rt),
  ],
  [
    'a look at the link',
    (e) =>
      e.emit('latency', {
        kind: 'network',
        sample: { atMs: 1, unackedChunks: 2, bufferedBytes: 0, reconnects: 0, resumes: 1 },
      }),
    (a) =>
      a.recordNetwork({ atMs: 1, unackedChunks: 2, bufferedBytes: 0, reconnects: 0, resumes: 1 }),
  ],
  [
    'what is kept for the relay',
    (e) =>
      e.emit('latency', {
        kind: 'uplink',
        uplink: { keptMs: 200, capacityMs: 60_000, lostMs: 0, typed: 0 },
      }),
    (a) => a.setUplink({ keptMs: 200, capacityMs: 60_000, lostMs: 0, typed: 0 }),
  ],
  [
    'the microphone’s level',
    (e) => e.emit('level', { source: 'mic', level: 0.25 }),
    (a) => a.setMicLevel(0.25),
  ],
  [
    'the reply’s level',
    (e) => e.emit('level', { source: 'assistant', level: 0.5 }),
    (a) => a.setAssistantLevel(0.5),
  ],
  ['the microphone’s state', (e) => e.emit('mic', { state: live }), (a) => a.setMic(live)],
  [
    'another input took over',
    (e) => e.emit('mic', { switchedTo: 'USB headset' }),
    (a) => a.setMicSwitchedTo('USB headset'),
  ],
  [
    'the default input took over',
    (e) => e.emit('mic', { switchedTo: '' }),
    (a) => a.setMicSwitchedTo('the default microphone'),
  ],
  [
    'the controls',
    (e) => e.emit('controls', { muted: true, talkHeld: false }),
    (a) => a.setControls({ muted: true, talkHeld: false }),
  ],
  [
    'a new session opened: its cost starts at 0, no failed start is left to retry',
    (e) =>
      e.emit('session', {
        kind: 'opened',
        sessionId: 's-new',
        resumed: false,
        providers,
        language: 'nl',
      }),
    (a) => {
      a.setSessionId('s-new');
      a.setProviders(providers);
      a.setTurnLanguage('nl');
      a.setCost(0, 5000);
      a.setStartRetry(null);
    },
  ],
  [
    'a session resumed',
    (e) =>
      e.emit('session', {
        kind: 'opened',
        sessionId: 's-new',
        resumed: true,
        providers,
        language: null,
      }),
    (a) => {
      a.setSessionId('s-new');
      a.setProviders(providers);
      a.setTurnLanguage(null);
    },
  ],
  [
    'the duplex found',
    (e) => e.emit('session', { kind: 'duplex', duplex: 'full' }),
    (a) => a.setDuplex('full'),
  ],
  [
    'a stored conversation continued',
    (e) => e.emit('session', { kind: 'continued' }),
    (a) => a.setContinuing(null),
  ],
  [
    'a stored conversation refused for good',
    (e) => e.emit('session', { kind: 'not-continued' }),
    (a) => a.setContinuing(null),
  ],
  ['the session closed', (e) => e.emit('session', { kind: 'closed' }), (a) => a.setSessionId(null)],
];

describe('bindCallToStore: the call shown in the page’s store', () => {
  afterEach(() => vi.useRealTimers());

  it.each(cases)('%s: writes what the call’s actions wrote', (_, show, wrote) => {
    const viaSink = seeded();
    const viaActions = seeded();
    const before = viaSink.store.getState();
    show(bound(viaSink));
    wrote(viaActions.actions);
    expect(viaSink.store.getState()).toEqual(viaActions.store.getState());
    expect(viaSink.store.getState()).not.toEqual(before);
  });

  it('a failure is shown the one way failures are, and an unreachable relay is watched for', () => {
    const viaSink = seeded();
    const viaActions = seeded();
    const watched: string[] = [];
    const relay = { reached: () => undefined, unreachable: () => watched.push('sink') };
    const sink = bound(viaSink, relay);
    sink.emit('error', { kind: 'start', failure: { kind: 'unreachable' }, retry: 'call' });
    sink.emit('error', { kind: 'ended', failure: { kind: 'needs-token' }, retry: null });
    const failures = { actions: viaActions.actions, relayUnreachable: () => watched.push('old') };
    reportFailure(failures, { kind: 'unreachable' }, 'call');
    reportFailure(failures, { kind: 'needs-token' }, null);
    expect(viaSink.store.getState()).toEqual(viaActions.store.getState());
    expect(viaSink.store.getState()).toMatchObject({ startRetry: 'call', needsToken: true });
    expect(watched).toEqual(['sink', 'old']);
  });

  it('words the failures the call names without words: an insecure page, a detector not loaded', () => {
    const app = seeded();
    const sink = bound(app);
    const intl = currentIntl();
    sink.emit('error', { kind: 'start', failure: { kind: 'insecure' }, retry: 'call' });
    expect(app.store.getState().notice).toBe(intl.formatMessage({ id: 'mic.insecure' }));
    sink.emit('error', {
      kind: 'start',
      failure: { kind: 'vad-failed', reason: 'no wasm' },
      retry: 'call',
    });
    expect(app.store.getState().notice).toBe(
      intl.formatMessage({ id: 'vad.failed' }, { reason: 'no wasm' }),
    );
    expect(app.store.getState().notice).toContain('no wasm');
  });

  it('leaves a spoken turn’s final words and new providers to the reducer (the `message` before)', () => {
    const app = seeded();
    const events = bound(app);
    const before = app.store.getState();
    events.emit('transcript', { turnId: 1, text: 'hello there', final: true, typed: false });
    events.emit('session', { kind: 'providers', providers });
    expect(app.store.getState()).toBe(before);
  });

  it('tells the page’s watch the relay was reached before the store shows it connected', () => {
    const app = seeded();
    const seen: string[] = [];
    const events = bound(app, {
      reached: () => seen.push(`reached while ${app.store.getState().connection}`),
      unreachable: () => undefined,
    });
    events.emit('connection', { status: 'connected', resumed: false });
    expect(seen).toEqual(['reached while reconnecting']);
    expect(app.store.getState().connection).toBe('connected');
  });

  it('shows the input that took over for a while, and no longer once the call ends', () => {
    vi.useFakeTimers();
    const app = seeded();
    const events = bound(app);
    events.emit('mic', { switchedTo: 'USB headset' });
    vi.advanceTimersByTime(SWITCHED_NOTICE_MS - 1);
    expect(app.store.getState().micSwitchedTo).toBe('USB headset');
    vi.advanceTimersByTime(1);
    expect(app.store.getState().micSwitchedTo).toBeNull();

    events.emit('mic', { switchedTo: '' });
    events.emit('mic', { state: live });
    expect(app.store.getState().micSwitchedTo).toBe('the default microphone');
    const order: string[] = [];
    app.store.subscribe((now, was) => {
      if (now.micSwitchedTo !== was.micSwitchedTo) order.push('switched cleared');
      if (now.mic !== was.mic) order.push('mic cleared');
    });
    events.emit('mic', { state: null });
    expect(order).toEqual(['switched cleared', 'mic cleared']);
    // Its timer is gone with it: a later notice is not cut short by the old one.
    events.emit('mic', { switchedTo: 'Headset' });
    vi.advanceTimersByTime(SWITCHED_NOTICE_MS - 1);
    expect(app.store.getState().micSwitchedTo).toBe('Headset');
  });

  it('writes nothing once unbound', () => {
    const app = seeded();
    const events: Events = new Emitter();
    const unbind = bindCallToStore(events, app, {
      reached: () => undefined,
      unreachable: () => undefined,
    });
    unbind();
    const before = app.store.getState();
    events.emit('state', { phase: 'listening' });
    events.emit('mic', { switchedTo: 'USB headset' });
    expect(app.store.getState()).toBe(before);
  });
});
