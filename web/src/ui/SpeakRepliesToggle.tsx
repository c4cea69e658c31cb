import { actions, useApp } from '../state/store.ts';

/** Whether replies to typed messages are spoken outside a call (a call's always are). */
export function SpeakRepliesToggle() {
  const speak = useApp((s) => s.speakReplies);
  return (
    <label className="speak-replies">
      <input
        type="checkbox"
        data-testid="speak-replies"
        checked={speak}
        onChange={(e) => actions.setSpeakReplies(e.target.checked)}
      />
      Speak replies
    </label>
  );
}
