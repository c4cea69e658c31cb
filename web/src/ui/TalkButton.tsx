import { useApp, type CallState } from '../state/store.ts';
import { voice } from '../voice/controller.ts';
import { micHint } from './mic-notice-text.ts';

const HINTS: Record<CallState, string> = {
  idle: 'Press to start talking',
  starting: 'Starting the microphone…',
  listening: 'Listening',
  'user-speaking': 'Hearing you…',
  thinking: 'Thinking…',
  speaking: 'Speaking',
};

export function TalkButton() {
  const call = useApp((s) => s.call);
  // The ring grows in whole pixels (18 steps of its 18 px): selecting the raw level re-rendered
  // on every 20 ms capture block, though the ring rarely changed (bench/client-cost).
  const ring = useApp((s) => Math.round(Math.min(1, s.micLevel * 4) * 18) / 18);
  const mic = useApp((s) => s.mic);
  const reconnecting = useApp((s) => s.connection === 'reconnecting');
  const active = call !== 'idle';
  const micProblem = active ? micHint(mic) : null;
  // The relay is away: what the user says is kept, but nothing is listening right now.
  const lost = active && reconnecting;
  return (
    <div className="talk">
      <button
        type="button"
        className={`talk-button talk-${call}`}
        data-testid="talk-button"
        data-state={call}
        aria-pressed={active}
        disabled={call === 'starting'}
        style={{ '--level': ring.toFixed(3) } as React.CSSProperties}
        onClick={() => (active ? voice.stop() : void voice.start())}
      >
        {active ? 'Stop' : 'Talk'}
      </button>
      <p
        className={`talk-hint${micProblem || lost ? ' talk-hint-mic' : ''}`}
        data-testid="call-state"
        data-state={lost ? 'reconnecting' : call}
      >
        {lost ? 'Reconnecting…' : (micProblem ?? HINTS[call])}
      </p>
    </div>
  );
}
