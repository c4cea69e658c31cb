import { actions, useApp } from '../state/store.ts';
import { useT } from '../i18n/use-t.ts';

/** Whether replies to typed messages are spoken outside a call (a call's always are). */
export function SpeakRepliesToggle() {
  const t = useT();
  const speak = useApp((s) => s.speakReplies);
  return (
    <label className="speak-replies">
      <input
        type="checkbox"
        data-testid="speak-replies"
        checked={speak}
        onChange={(e) => actions.setSpeakReplies(e.target.checked)}
      />
      {t('type.speakReplies')}
    </label>
  );
}
