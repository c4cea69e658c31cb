import type { ChatEntry } from '../state/store.ts';
import { actions } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { InterruptedMark } from './InterruptedMark.tsx';
import { SpeakerLabel } from './SpeakerLabel.tsx';
import { ToolCallList } from './tool-calls/ToolCallList.tsx';
import { ToolQuestion } from './tool-calls/ToolConfirm.tsx';
import { useT } from '../i18n/use-t.ts';

/**
 * One bubble of the transcript, its speaker said to screen readers (a visually hidden label before
 * the words, which the test ids mark): the user's words (interim ones marked as such while they
 * speak), or the reply — marked when the user cut it short, and, for a failed turn, what failed
 * with an offer to try again. `question` is the user's final words of the same turn, if known:
 * a retry sends them again as text; without them the user is asked to say it again. A reply
 * shows the tools it called above its words, and, while its question about calls still waits
 * (`awaited`), the buttons that answer it.
 */
export function TranscriptBubble({
  entry: e,
  question,
  awaited = false,
}: {
  entry: ChatEntry;
  question: string | undefined;
  awaited?: boolean;
}) {
  const partial = e.role === 'user' && !e.final && e.text !== '';
  return (
    <li
      className={`bubble bubble-${e.role}${e.final ? '' : ' bubble-pending'}${e.status && e.status !== 'completed' ? ` bubble-${e.status}` : ''}`}
    >
      <SpeakerLabel role={e.role} />
      {e.tools ? <ToolCallList calls={e.tools} /> : null}
      <span
        className="bubble-body"
        data-testid={e.role === 'user' ? 'user-utterance' : 'assistant-utterance'}
        data-turn={e.turnId}
        data-final={e.final}
        data-status={e.status ?? ''}
      >
        {partial ? (
          // Not announced word by word (the transcript is a live region): the final words are.
          <span data-testid="partial-transcript" aria-hidden="true">
            {e.text}
          </span>
        ) : e.text === '' && e.failure ? null : (
          e.text || '…'
        )}
        {e.status === 'interrupted' ? <InterruptedMark /> : null}
        {e.failure ? <FailureNote entry={e} question={question} /> : null}
      </span>
      <ToolQuestion entry={e} awaited={awaited} />
    </li>
  );
}

function FailureNote({ entry: e, question }: { entry: ChatEntry; question: string | undefined }) {
  const t = useT();
  const call = useCall();
  const failure = e.failure;
  if (!failure) return null;
  // Offered once: the button goes at once (a second press would send it twice), and comes back
  // only if the question could not be sent (the relay could not be reached). Sent, the question
  // is asked again as a new turn that replaces this one: the conversation keeps it once.
  const retried = (retried: boolean) =>
    actions.upsertEntry('assistant', e.turnId, (x) => ({ ...x, retried }));
  const retry = () => {
    if (question === undefined) return;
    retried(true);
    void call.retryTurn({ retryOf: e.turnId, text: question }).then((sent) => {
      if (!sent) return retried(false);
      actions.removeEntry('user', e.turnId);
      actions.removeEntry('assistant', e.turnId);
    });
  };
  return (
    <span className="bubble-failure" data-testid="turn-failure" role="note">
      <span>{'id' in failure.text ? t(failure.text.id) : failure.text.said}</span>
      {!failure.retryable || e.retried ? null : question === undefined ? (
        <span> {t('transcript.failure.sayAgain')}</span>
      ) : (
        <button type="button" className="bubble-retry" data-testid="retry-button" onClick={retry}>
          {t('transcript.failure.retry')}
        </button>
      )}
    </span>
  );
}
