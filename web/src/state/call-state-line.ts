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
  idle: 'Press Talk to start',
  starting: 'Starting the microphone…',
  listening: 'Listening',
  hold: 'Hold the button (or Space) to talk',
  hearing: 'Hearing you…',
  thinking: 'Thinking…',
  speaking: 'Speaking',
  muted: 'Muted — nothing you say is sent',
  reconnecting: 'Reconnecting… what you say is kept',
} as const;

/**
 * The call's state in one line, pure: a lost connection first (nothing reaches the relay, though
 * what is said is kept to be sent), then a microphone problem, then mute (only while it is the
 * user's turn: the assistant's thinking and speaking still show, marked muted), then where the
 * conversation is. It changes only when one of these does, so a screen reader announcing it
 * hears each transition once.
 */
export function stateLine({
  call,
  connection,
  muted,
  micProblem,
  waitingForHold,
}: StateLineInput): StateLine {
  if (call === 'idle') return { state: 'idle', text: TEXT.idle };
  if (call === 'starting') return { state: 'starting', text: TEXT.starting };
  if (connection === 'reconnecting') return { state: 'reconnecting', text: TEXT.reconnecting };
  if (micProblem !== null) return { state: 'microphone', text: micProblem };
  switch (call) {
    case 'listening':
    case 'user-speaking':
      if (muted) return { state: 'muted', text: TEXT.muted };
      return call === 'listening'
        ? { state: 'listening', text: waitingForHold ? TEXT.hold : TEXT.listening }
        : { state: 'hearing', text: TEXT.hearing };
    case 'thinking':
    case 'speaking':
      return { state: call, text: muted ? `${TEXT[call]} · muted` : TEXT[call] };
  }
}
