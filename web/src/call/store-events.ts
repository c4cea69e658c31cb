import type { ParleyCall } from '@parley/client';
import { reportCallFailure, reportRelayError } from '../error-tracking/error-tracking.ts';
import { formatSeconds } from '../i18n/format.ts';
import { currentIntl } from '../i18n/language.ts';
import type { AppStore } from '../state/store.ts';
import { reportFailure } from './report-failure.ts';

/** How long "another microphone took over" is shown (ms). */
export const SWITCHED_NOTICE_MS = 5000;

/** The page's watch on the relay: reached by a connection, or found unreachable. */
export interface RelayWatch {
  reached(): void;
  unreachable(): void;
}

/**
 * The page's call, shown in its store: each event of the call written as the store's actions,
 * by listeners that run where the call tells it (synchronously, in its order: risk R1 of
 * docs/design/client-package.md). A connection reaching the relay, or failing to, is also told
 * to the page's watch on it (`relay`). Returns the function that stops listening.
 */
export function bindCallToStore(
  call: Pick<ParleyCall, 'on'>,
  { actions }: AppStore,
  relay: RelayWatch,
): () => void {
  let switchedTimer: ReturnType<typeof setTimeout> | undefined;
  const offs = [
    call.on('state', ({ phase }) => {
      actions.setCall(phase);
      if (phase !== 'starting') return;
      // A start clears what the last one left: its notice, a blocked microphone, its retry.
      actions.setNotice(null);
      actions.setMicBlocked(null);
      actions.setStartRetry(null);
    }),
    call.on('connection', (e) => {
      switch (e.status) {
        case 'idle':
        case 'connecting':
          actions.setConnection(e.status);
          return;
        case 'connected':
          relay.reached();
          actions.setConnection('connected');
          if (e.resumed) actions.setNotice(null);
          return;
        case 'reconnecting': {
          const intl = currentIntl();
          const next = formatSeconds(intl, e.nextInMs, 1);
          actions.setConnection(
            'reconnecting',
            intl.formatMessage({ id: 'reconnect.detail' }, { attempt: e.attempt, next }),
          );
          return;
        }
        case 'unreachable':
        case 'offline':
          actions.setConnection(e.status, null);
          return;
      }
    }),
    // The transcript is the app's reducer's, fed every relay message (risk R2).
    call.on('message', (m) => actions.serverMessage(m)),
    call.on('transcript', ({ turnId, text, final, typed }) => {
      // A spoken turn's final words are the reducer's already (`transcript.final`).
      if (final && !typed) return;
      actions.upsertEntry('user', turnId, (entry) => ({ ...entry, text, final }));
    }),
    call.on('turn', ({ kind, turnId }) => {
      if (kind === 'dropped') actions.removeEntry('user', turnId);
      else actions.markInterrupted(turnId);
    }),
    call.on('error', (e) => {
      switch (e.kind) {
        case 'start':
        case 'ended':
          return reportFailure(
            { actions, relayUnreachable: () => relay.unreachable() },
            e.failure,
            e.retry,
          );
        case 'unexpected':
          return reportCallFailure(e.cause, e.what);
        case 'relay':
          return reportRelayError(e);
      }
    }),
    call.on('latency', (e) => {
      switch (e.kind) {
        case 'reset':
          return actions.newTimeline();
        case 'trace':
          return actions.trace(e.turnId, e.update);
        case 'voice-to-voice':
          return actions.recordFigures(e.turnId, { voiceToVoiceMs: e.ms });
        case 'round-trip':
          return actions.recordRoundTrip(e.rt);
        case 'network':
          return actions.recordNetwork(e.sample);
        case 'uplink':
          return actions.setUplink(e.uplink);
      }
    }),
    call.on('level', ({ source, level }) => {
      if (source === 'mic') actions.setMicLevel(level);
      else actions.setAssistantLevel(level);
    }),
    call.on('mic', (e) => {
      if ('switchedTo' in e) {
        clearTimeout(switchedTimer);
        actions.setMicSwitchedTo(e.switchedTo === '' ? 'the default microphone' : e.switchedTo);
        switchedTimer = setTimeout(() => actions.setMicSwitchedTo(null), SWITCHED_NOTICE_MS);
        return;
      }
      // The call ended: what took over is not shown any more.
      if (e.state === null) {
        clearTimeout(switchedTimer);
        actions.setMicSwitchedTo(null);
      }
      actions.setMic(e.state);
    }),
    call.on('controls', (e) => actions.setControls(e)),
    call.on('session', (e) => {
      switch (e.kind) {
        case 'opened':
          actions.setSessionId(e.sessionId);
          actions.setProviders(e.providers);
          actions.setTurnLanguage(e.language);
          if (e.resumed) return;
          // A new session: its cost starts at 0, and no failed start is left to retry.
          actions.resetSessionCost();
          actions.setStartRetry(null);
          return;
        case 'providers':
          // The reducer's, from `providers.changed`.
          return;
        case 'duplex':
          return actions.setDuplex(e.duplex);
        case 'continued':
        case 'not-continued':
          return actions.setContinuing(null);
        case 'closed':
          return actions.setSessionId(null);
        case 'handed-over':
          // The conversation shown again comes as its messages; the session as `opened`.
          return;
      }
    }),
  ];
  return () => {
    clearTimeout(switchedTimer);
    for (const off of offs) off();
  };
}
