import { actions, type ChatEntry } from '../../state/store.ts';
import type { ToolConfirmView } from '../../state/types.ts';
import { useCall } from '../call-context.ts';
import { everyArgument } from './tool-call-text.ts';
import { toolWords } from './tool-words.ts';
import { useIntl } from 'react-intl';

/**
 * Confirm and Decline for tool calls the assistant asked about (its question is the reply's
 * words, said aloud, every argument named): a tap is the user's answer, sent as a turn of its
 * own; saying "yes" or "no" instead works too. Offered once: the buttons go at the tap, and come
 * back if it was not sent. Under them, every argument of each call, whole, behind Details.
 */
export function ToolConfirm({ entry, confirm }: { entry: ChatEntry; confirm: ToolConfirmView }) {
  const words = toolWords(useIntl());
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
  return (
    <div className="tool-confirm" role="group" aria-label={words.answerLabel(confirm.question)}>
      <div className="tool-confirm-buttons">
        <button
          type="button"
          className="tool-confirm-yes"
          data-testid="tool-confirm"
          onClick={() => answer(true)}
        >
          {words.confirm}
        </button>
        <button
          type="button"
          className="tool-confirm-no"
          data-testid="tool-decline"
          onClick={() => answer(false)}
        >
          {words.decline}
        </button>
      </div>
      <details className="tool-confirm-details" data-testid="tool-confirm-details">
        <summary>{words.details}</summary>
        {confirm.calls.map((c) => (
          <div key={c.callId} className="tool-confirm-call">
            <p className="tool-confirm-action">
              {c.action.charAt(0).toUpperCase() + c.action.slice(1)}
            </p>
            <dl>
              {everyArgument(c.arguments).map(([key, value]) => (
                <div key={key} className="tool-confirm-argument" data-testid="tool-argument">
                  <dt>{key}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </details>
    </div>
  );
}

/**
 * A reply's question about calls: its buttons while it `awaited`s the user's yes; once the relay
 * closed it unanswered (expired, or withdrawn by a line of its own), a word that nothing was
 * done.
 */
export function ToolQuestion({ entry, awaited }: { entry: ChatEntry; awaited: boolean }) {
  const words = toolWords(useIntl());
  const { confirm } = entry;
  if (!confirm) return null;
  if (awaited) return <ToolConfirm entry={entry} confirm={confirm} />;
  const closed = confirm.closed === undefined ? undefined : words.closed[confirm.closed];
  return closed === undefined ? null : (
    <p className="tool-confirm-closed" data-testid="tool-confirm-closed" role="note">
      {closed}
    </p>
  );
}
