import { actions, useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * "New conversation", under the last reply while no call runs: the conversation shown ends (kept
 * in the history) and the page starts over; the next message opens a new one at the relay. Focus
 * goes to the conversation's area, where the first screen comes back.
 */
export function NewConversation() {
  const t = useT();
  const call = useCall();
  const idle = useApp((s) => s.call === 'idle');
  if (!idle) return null;
  return (
    <p className="new-conversation">
      <button
        type="button"
        data-testid="new-conversation"
        title={t('newConversation.title')}
        onClick={(e) => {
          e.currentTarget.closest('main')?.focus();
          call.end();
          actions.newConversation();
        }}
      >
        {t('newConversation')}
      </button>
    </p>
  );
}
