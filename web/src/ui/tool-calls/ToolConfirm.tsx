import { actions, type ChatEntry } from '../../state/store.ts';
import type { ToolConfirmView } from '../../state/types.ts';
import { useCall } from '../call-context.ts';
import { shortArguments } from './tool-call-text.ts';

/**
 * Confirm and Decline for tool calls the assistant asked about (its question is the reply's
 * words, said aloud). A tap is the user's answer, sent as a turn of its own; saying "yes" or "no"
 * instead works too. Offered once: the buttons go at the tap, and come back if it was not sent.
 */
export function ToolConfirm({ entry, confirm }: { entry: ChatEntry; confirm: ToolConfirmView }) {
  const call = useCall();
  const answered = (answer: ToolConfirmView['answer']) =>
    actions.upsertEntry('assistant', entry.turnId, (e) =>
      e.confirm ? { ...e, confirm: { ...e.confirm, answer } } : e,
    );
  const answer = (confirmed: boolean) => {
    answered(confirmed ? 'confirmed' : 'declined');
    void call.answer({ confirmId: confirm.confirmId, confirmed }).then((sent) => {
      if (!sent) answered(null);
    });
  };
  const what = confirm.calls.map((c) => `${c.name} (${shortArguments(c.arguments)})`).join(', ');
  return (
    <div className="tool-confirm" role="group" aria-label={`Confirm: ${what}`}>
      <button type="button" data-testid="tool-confirm" onClick={() => answer(true)}>
        Confirm
      </button>
      <button type="button" data-testid="tool-decline" onClick={() => answer(false)}>
        Decline
      </button>
    </div>
  );
}
