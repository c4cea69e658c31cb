import { useApp, type CallState } from '../state/store.ts';
import { voice } from '../voice/controller.ts';

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
  const level = useApp((s) => s.micLevel);
  const active = call !== 'idle';
  return (
    <div className="talk">
      <button
        type="button"
        className={`talk-button talk-${call}`}
        data-testid="talk-button"
        data-state={call}
        aria-pressed={active}
        disabled={call === 'starting'}
        style={{ '--level': Math.min(1, level * 4).toFixed(3) } as React.CSSProperties}
        onClick={() => (active ? voice.stop() : void voice.start())}
      >
        {active ? 'Stop' : 'Talk'}
      </button>
      <p className="talk-hint" data-testid="call-state" data-state={call}>
        {HINTS[call]}
      </p>
    </div>
  );
}
