import { stateLine } from '../state/call-state-line.ts';
import { useApp } from '../state/store.ts';
import { micHint } from './mic-notice-text.ts';
import { useIntl } from 'react-intl';

/**
 * Where the call is, in one line (listening, hearing you, thinking, speaking, muted,
 * reconnecting, or what is wrong with the microphone), announced politely to screen readers:
 * it re-renders only when the line itself changes, never with the audio levels.
 */
export function CallStateLine() {
  // Primitives only: a selector returning a new object each time would re-render forever.
  const intl = useIntl();
  const call = useApp((s) => s.call);
  const connection = useApp((s) => s.connection);
  const muted = useApp((s) => s.muted);
  const micProblem = useApp((s) => (s.call === 'idle' ? null : micHint(intl, s.mic)));
  const waitingForHold = useApp((s) => s.inputMode === 'push-to-talk' && !s.talkHeld);
  const line = stateLine(intl, { call, connection, muted, micProblem, waitingForHold });
  return (
    <p
      className={`talk-hint talk-hint-${line.state}${line.state === 'microphone' ? ' talk-hint-mic' : ''}`}
      data-testid="call-state"
      data-state={line.state}
      role="status"
      aria-live="polite"
    >
      {line.text}
    </p>
  );
}
