import { useApp } from '../state/store.ts';
import { voice } from '../voice/controller.ts';
import { AssistantLevel } from './AssistantLevel.tsx';
import { CallStateLine } from './CallStateLine.tsx';

export function TalkButton() {
  const call = useApp((s) => s.call);
  // The ring grows in whole pixels (18 steps of its 18 px): selecting the raw level re-rendered
  // on every 20 ms capture block, though the ring rarely changed (bench/client-cost).
  const ring = useApp((s) => Math.round(Math.min(1, s.micLevel * 4) * 18) / 18);
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
        style={{ '--level': ring.toFixed(3) } as React.CSSProperties}
        onClick={() => (active ? voice.stop() : void voice.start())}
      >
        {active ? 'Stop' : 'Talk'}
      </button>
      <CallStateLine />
      <AssistantLevel />
    </div>
  );
}
