import { reportCallFailure, reportRelayError } from '../error-tracking/error-tracking.ts';
import { formatSeconds } from '../i18n/format.ts';
import { currentIntl } from '../i18n/language.ts';
import type { AppStore } from '../state/store.ts';
import type { CallSink } from '@parley/client/internal';
import { reportFailure } from './report-failure.ts';

/**
 * The page's call, shown in its store: each event of the call written as the store's actions,
 * synchronously and in the order the call tells them. A failure to reach the relay also starts
 * the page's watch on it (`relay`).
 */
export function storeSink({ actions }: AppStore, relay: { unreachable(): void }): CallSink {
  let switchedTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    state: ({ phase }) => {
      actions.setCall(phase);
      if (phase !== 'starting') return;
      // A start clears what the last one left: its notice, a blocked microphone, its retry.
      actions.setNotice(null);
      actions.setMicBlocked(null);
      actions.setStartRetry(null);
    },
    connection: (e) => {
      switch (e.status) {
        case 'idle':
        case 'connecting':
          actions.setConnection(e.status);
          return;
        case 'connected':
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
    },
    message: (m) => actions.serverMessage(m),
    transcript: ({ turnId, text, final }) =>
      actions.upsertEntry('user', turnId, (entry) => ({ ...entry, text, final })),
    turn: ({ kind, turnId }) => {
      if (kind === 'dropped') actions.removeEntry('user', turnId);
      else actions.markInterrupted(turnId);
    },
    error: (e) => {
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
          return reportRelayError(e.error);
      }
    },
    latency: (e) => {
      switch (e.kind) {
        case 'reset':
          return actions.newTimeline();
        case 'trace':
          return actions.trace(e.turnId, e.update);
        case 'figures':
          return actions.recordFigures(e.turnId, e.figures);
        case 'round-trip':
          return actions.recordRoundTrip(e.rt);
        case 'network':
          return actions.recordNetwork(e.sample);
        case 'uplink':
          return actions.setUplink(e.uplink);
      }
    },
    level: ({ source, level }) => {
      if (source === 'mic') actions.setMicLevel(level);
      else actions.setAssistantLevel(level);
    },
    mic: (e) => {
      if ('switchedTo' in e) {
        clearTimeout(switchedTimer);
        actions.setMicSwitchedTo(e.switchedTo === '' ? 'the default microphone' : e.switchedTo);
        switchedTimer = setTimeout(() => actions.setMicSwitchedTo(null), 5000);
        return;
      }
      // The call ended: what took over is not shown any more.
      if (e.state === null) {
        clearTimeout(switchedTimer);
        actions.setMicSwitchedTo(null);
      }
      actions.setMic(e.state);
    },
    controls: (e) => actions.setControls(e),
    session: (e) => {
      switch (e.kind) {
        case 'opened':
          actions.setSessionId(e.sessionId);
          actions.setProviders(e.providers);
          return;
        case 'call-session':
          return actions.resetSessionCost();
        case 'typed-session':
          return actions.setStartRetry(null);
        case 'language':
          return actions.setTurnLanguage(e.language);
        case 'duplex':
          return actions.setDuplex(e.duplex);
        case 'continued':
        case 'not-continued':
          return actions.setContinuing(null);
        case 'closed':
          return actions.setSessionId(null);
      }
    },
  };
}
