import { describe, expect, it } from 'vitest';
import type { MicState } from '@parley/client';
import type { CallSink } from '@parley/client/internal';
import type { RoundTrip, ServerMessage } from '@parley/shared';
import { formatSeconds } from '../i18n/format.ts';
import { currentIntl } from '../i18n/language.ts';
import { createAppStore, type AppActions, type AppStore } from '../state/store.ts';
import { reportFailure } from './report-failure.ts';
import { storeSink } from './store-sink.ts';

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

/**
 * Each event the call shows, and the store actions the call called for it before it had a sink
 * (the same values, in the same order).
 */
const cases: [string, (sink: CallSink) => void, (actions: AppActions) => void][] = [
  ['a phase', (s) => s.state({ phase: 'listening' }), (a) => a.setCall('listening')],
  [
    'a start, which clears what the last one left',
    (s) => s.state({ phase: 'starting' }),
    (a) => {
      a.setCall('starting');
      a.setNotice(null);
      a.setMicBlocked(null);
      a.setStartRetry(null);
    },
  ],
  ['no connection', (s) => s.connection({ status: 'idle' }), (a) => a.setConnection('idle')],
  [
    'connecting',
    (s) => s.connection({ status: 'connecting' }),
    (a) => a.setConnection('connecting'),
  ],
  [
    'connected afresh',
    (s) => s.connection({ status: 'connected', resumed: false }),
    (a) => a.setConnection('connected'),
  ],
  [
    'connected again, resumed: the notice goes',
    (s) => s.connection({ status: 'connected', resumed: true }),
    (a) => {
      a.setConnection('connected');
      a.setNotice(null);
    },
  ],
  [
    'reconnecting, worded in the page’s language',
    (s) => s.connection({ status: 'reconnecting', attempt: 2, nextInMs: 1500 }),
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
    (s) => s.connection({ status: 'unreachable' }),
    (a) => a.setConnection('unreachable', null),
  ],
  ['offline', (s) => s.connection({ status: 'offline' }), (a) => a.setConnection('offline', null)],
  ['a relay message', (s) => s.message(partial), (a) => a.serverMessage(partial)],
  [
    'a user turn begun',
    (s) => s.transcript({ turnId: 2, text: '', final: false }),
    (a) => a.upsertEntry('user', 2, (e) => ({ ...e, text: '', final: false })),
  ],
  [
    'a user turn’s words',
    (s) => s.transcript({ turnId: 1, text: 'hello there', final: true }),
    (a) => a.upsertEntry('user', 1, (e) => ({ ...e, text: 'hello there', final: true })),
  ],
  [
    'a dropped utterance',
    (s) => s.turn({ kind: 'dropped', turnId: 1 }),
    (a) => a.removeEntry('user', 1),
  ],
  ['a reply cut', (s) => s.turn({ kind: 'interrupted', turnId: 1 }), (a) => a.markInterrupted(1)],
  ['a new timeline', (s) => s.latency({ kind: 'reset' }), (a) => a.newTimeline()],
  [
    'a trace',
    (s) => s.latency({ kind: 'trace', turnId: 1, update: { client: { endSentAtMs: 7 } } }),
    (a) => a.trace(1, { client: { endSentAtMs: 7 } }),
  ],
  [
    'figures',
    (s) => s.latency({ kind: 'figures', turnId: 1, figures: { voiceToVoiceMs: 900 } }),
    (a) => a.recordFigures(1, { voiceToVoiceMs: 900 }),
  ],
  ['a round trip', (s) => s.latency({ kind: 'round-trip', rt }), (a) => a.recordRoundTrip(rt)],
  [
    'a look at the link',
    (s) =>
      s.latency({
        kind: 'network',
        sample: { atMs: 1, unackedChunks: 2, bufferedBytes: 0, reconnects: 0, resumes: 1 },
      }),
    (a) =>
      a.recordNetwork({ atMs: 1, unackedChunks: 2, bufferedBytes: 0, reconnects: 0, resumes: 1 }),
  ],
  [
    'what is kept for the relay',
    (s) =>
      s.latency({
        kind: 'uplink',
        uplink: { keptMs: 200, capacityMs: 60_000, lostMs: 0, typed: 0 },
      }),
    (a) => a.setUplink({ keptMs: 200, capacityMs: 60_000, lostMs: 0, typed: 0 }),
  ],
  [
    'the microphone’s level',
    (s) => s.level({ source: 'mic', level: 0.25 }),
    (a) => a.setMicLevel(0.25),
  ],
  [
    'the reply’s level',
    (s) => s.level({ source: 'assistant', level: 0.5 }),
    (a) => a.setAssistantLevel(0.5),
  ],
  ['the microphone’s state', (s) => s.mic({ state: live }), (a) => a.setMic(live)],
  [
    'another input took over',
    (s) => s.mic({ switchedTo: 'USB headset' }),
    (a) => a.setMicSwitchedTo('USB headset'),
  ],
  [
    'the default input took over',
    (s) => s.mic({ switchedTo: '' }),
    (a) => a.setMicSwitchedTo('the default microphone'),
  ],
  [
    'the controls',
    (s) => s.controls({ muted: true, talkHeld: false }),
    (a) => a.setControls({ muted: true, talkHeld: false }),
  ],
  [
    'a session opened',
    (s) =>
      s.session({ kind: 'opened', sessionId: 's-new', resumed: false, providers, language: null }),
    (a) => {
      a.setSessionId('s-new');
      a.setProviders(providers);
    },
  ],
  ['a call’s own session', (s) => s.session({ kind: 'call-session' }), (a) => a.setCost(0, 5000)],
  ['a typed session', (s) => s.session({ kind: 'typed-session' }), (a) => a.setStartRetry(null)],
  [
    'the turns’ language',
    (s) => s.session({ kind: 'language', language: 'nl' }),
    (a) => a.setTurnLanguage('nl'),
  ],
  [
    'the duplex found',
    (s) => s.session({ kind: 'duplex', duplex: 'full' }),
    (a) => a.setDuplex('full'),
  ],
  [
    'a stored conversation continued',
    (s) => s.session({ kind: 'continued' }),
    (a) => a.setContinuing(null),
  ],
  [
    'a stored conversation refused for good',
    (s) => s.session({ kind: 'not-continued' }),
    (a) => a.setContinuing(null),
  ],
  ['the session closed', (s) => s.session({ kind: 'closed' }), (a) => a.setSessionId(null)],
];

describe('storeSink: the call shown in the page’s store', () => {
  it.each(cases)('%s: writes what the call’s actions wrote', (_, show, wrote) => {
    const viaSink = seeded();
    const viaActions = seeded();
    const before = viaSink.store.getState();
    show(storeSink(viaSink, { unreachable: () => undefined }));
    wrote(viaActions.actions);
    expect(viaSink.store.getState()).toEqual(viaActions.store.getState());
    expect(viaSink.store.getState()).not.toEqual(before);
  });

  it('a failure is shown the one way failures are, and an unreachable relay is watched for', () => {
    const viaSink = seeded();
    const viaActions = seeded();
    const watched: string[] = [];
    const relay = { unreachable: () => watched.push('sink') };
    const sink = storeSink(viaSink, relay);
    sink.error({ kind: 'start', failure: { kind: 'unreachable' }, retry: 'call' });
    sink.error({ kind: 'ended', failure: { kind: 'needs-token' }, retry: null });
    const failures = { actions: viaActions.actions, relayUnreachable: () => watched.push('old') };
    reportFailure(failures, { kind: 'unreachable' }, 'call');
    reportFailure(failures, { kind: 'needs-token' }, null);
    expect(viaSink.store.getState()).toEqual(viaActions.store.getState());
    expect(viaSink.store.getState()).toMatchObject({ startRetry: 'call', needsToken: true });
    expect(watched).toEqual(['sink', 'old']);
  });

  it('words the failures the call names without words: an insecure page, a detector not loaded', () => {
    const app = seeded();
    const sink = storeSink(app, { unreachable: () => undefined });
    const intl = currentIntl();
    sink.error({ kind: 'start', failure: { kind: 'insecure' }, retry: 'call' });
    expect(app.store.getState().notice).toBe(intl.formatMessage({ id: 'mic.insecure' }));
    sink.error({
      kind: 'start',
      failure: { kind: 'vad-failed', reason: 'no wasm' },
      retry: 'call',
    });
    expect(app.store.getState().notice).toBe(
      intl.formatMessage({ id: 'vad.failed' }, { reason: 'no wasm' }),
    );
    expect(app.store.getState().notice).toContain('no wasm');
  });
});
