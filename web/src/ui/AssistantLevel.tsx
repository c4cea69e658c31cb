import { useApp } from '../state/store.ts';
import './assistant-level.css';

/** Bars of the meter; the level is shown in whole bars so it re-renders only when one changes. */
const BARS = 12;

/**
 * The level of the assistant's voice as it plays (see `assistant-meter.ts`): a row of bars,
 * lit while it speaks. Decorative for screen readers: the state line says "Speaking".
 */
export function AssistantLevel() {
  // RMS of speech sits around 0.05–0.3: a square root spreads it over the bars.
  const lit = useApp((s) => Math.round(Math.min(1, Math.sqrt(s.assistantLevel * 3)) * BARS));
  const speaking = useApp((s) => s.call === 'speaking');
  return (
    <div
      className={`assistant-level${speaking ? ' assistant-level-on' : ''}`}
      data-testid="assistant-level"
      data-level={(lit / BARS).toFixed(2)}
      aria-hidden="true"
    >
      {Array.from({ length: BARS }, (_, i) => (
        <span key={i} className={i < lit ? 'lit' : undefined} />
      ))}
    </div>
  );
}
