import type { IntlShape } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';
import type { CallState, ConnectionState } from './types.ts';

/** What the state line shows: one word for tests and styles, one phrase for people. */
export interface StateLine {
  state:
    | 'idle'
    | 'starting'
    | 'listening'
    | 'hearing'
    | 'thinking'
    | 'speaking'
    | 'muted'
    | 'reconnecting'
    | 'microphone';
  text: string;
}

/** What the state line is made of (all in the store). */
export interface StateLineInput {
  call: CallState;
  connection: ConnectionState;
  muted: boolean;
  /** What is wrong with the microphone, in words (null while it is live). */
  micProblem: string | null;
  /** Push-to-talk is the input mode and the user is not holding the talk control. */
  waitingForHold: boolean;
}

const TEXT = {
  idle: 'state.idle',
  starting: 'state.starting',
  listening: 'state.listening',
  hold: 'state.hold',
  hearing: 'state.hearing',
  thinking: 'state.thinking',
  speaking: 'state.speaking',
  muted: 'state.muted',
  reconnecting: 'state.reconnecting',
} as const satisfies Record<string, MessageId>;

/**
 * The call's state in one line, pure: a lost connection first (nothing reaches the relay, though
 * what is said is kept to be sent), then a microphone problem, then mute (only while it is the
 * user's turn: the assistant's thinking and speaking still show, marked muted), then where the
 * conversation is. It changes only when one of these does, so a screen reader announcing it
 * hears each transition once.
 */
export function stateLine(
  intl: IntlShape,
  { call, connection, muted, micProblem, waitingForHold }: StateLineInput,
): StateLine {
  const say = (id: MessageId) => intl.formatMessage({ id });
  if (call === 'idle') return { state: 'idle', text: say(TEXT.idle) };
  if (call === 'starting') return { state: 'starting', text: say(TEXT.starting) };
  if (connection === 'reconnecting') return { state: 'reconnecting', text: say(TEXT.reconnecting) };
  if (micProblem !== null) return { state: 'microphone', text: micProblem };
  switch (call) {
    case 'listening':
    case 'user-speaking':
      if (muted) return { state: 'muted', text: say(TEXT.muted) };
      return call === 'listening'
        ? { state: 'listening', text: say(waitingForHold ? TEXT.hold : TEXT.listening) }
        : { state: 'hearing', text: say(TEXT.hearing) };
    case 'thinking':
    case 'speaking':
      return {
        state: call,
        text: muted
          ? intl.formatMessage({ id: 'state.mutedSuffix' }, { state: say(TEXT[call]) })
          : say(TEXT[call]),
      };
  }
}
