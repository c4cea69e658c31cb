import { useState } from 'react';
import { MAX_TITLE_CHARS, type SessionDetail, type SessionSummary } from '@parley/shared';
import { renameSession } from '../../net/api.ts';
import { InterruptedMark } from '../InterruptedMark.tsx';
import { SpeakerLabel } from '../SpeakerLabel.tsx';
import { ToolCallList } from '../tool-calls/ToolCallList.tsx';
import { formatMicros } from '../../i18n/format.ts';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/intl.ts';
import { whenText } from './history-text.ts';
import { useCall } from '../call-context.ts';
import { continueConversation } from './continue-conversation.ts';
import { download, exportFileName, exportJson, exportMarkdown } from './conversation-export.ts';

interface Props {
  session: SessionDetail;
  /** The conversation goes on in the transcript (the history closes). */
  onContinued: () => void;
  onRenamed: (summary: SessionSummary) => void;
  onDelete: () => void;
  onError: (message: string) => void;
}

/** One past conversation: its turns (with the tools each reply called), and what can be done with it. */
export function HistoryDetail({ session, onContinued, onRenamed, onDelete, onError }: Props) {
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const call = useCall();
  const [renaming, setRenaming] = useState<string | null>(null);
  const saveTitle = (title: string) => {
    renameSession(session.id, { title })
      .then((summary) => {
        setRenaming(null);
        onRenamed(summary);
      })
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="history-detail" data-testid="history-detail">
      {renaming === null ? (
        // The history's own heading gives way to "← All" here: this title is its h2.
        <h2 className="history-title" data-testid="history-title">
          {session.title ?? t('history.untitled')}
        </h2>
      ) : (
        <form
          className="history-rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (renaming.trim()) saveTitle(renaming.trim());
          }}
        >
          <input
            data-testid="rename-input"
            aria-label={t('history.titleLabel')}
            maxLength={MAX_TITLE_CHARS}
            value={renaming}
            autoFocus
            onChange={(e) => setRenaming(e.target.value)}
          />
          <button type="submit" data-testid="rename-save" disabled={!renaming.trim()}>
            {t('history.save')}
          </button>
          <button type="button" onClick={() => setRenaming(null)}>
            {t('history.cancel')}
          </button>
        </form>
      )}
      <p className="muted">
        {whenText(intl, session.startedAt)} · {formatMicros(intl, session.costMicros)}
      </p>
      <ol className="transcript" aria-label={t('app.conversation')}>
        {session.turns.flatMap((t) => [
          // A turn of the assistant's own (the check-in of a silent call) has no words of theirs.
          t.userText === '' ? null : (
            <li key={`u${t.turnId}`} className="bubble bubble-user">
              <SpeakerLabel role="user" />
              <span className="bubble-body">{t.userText}</span>
            </li>
          ),
          <li
            key={`a${t.turnId}`}
            className={`bubble bubble-assistant${t.interrupted ? ' bubble-interrupted' : ''}`}
          >
            <SpeakerLabel role="assistant" />
            {t.toolCalls ? <ToolCallList calls={t.toolCalls} /> : null}
            <span
              className="bubble-body"
              data-testid="history-reply"
              data-status={t.interrupted ? 'interrupted' : t.status}
            >
              {t.assistantText || '…'}
              {t.interrupted ? <InterruptedMark /> : null}
            </span>
          </li>,
        ])}
      </ol>
      <div className="history-actions">
        <button
          type="button"
          data-testid="continue-conversation"
          onClick={() => {
            continueConversation(call, session);
            onContinued();
          }}
        >
          {t('history.continue')}
        </button>
        <button
          type="button"
          data-testid="rename-conversation"
          onClick={() => setRenaming(session.title ?? '')}
        >
          {t('history.rename')}
        </button>
        <button
          type="button"
          data-testid="export-markdown"
          onClick={() =>
            download(exportFileName(session, 'md'), 'text/markdown', exportMarkdown(intl, session))
          }
        >
          {t('history.exportMarkdown')}
        </button>
        <button
          type="button"
          data-testid="export-json"
          onClick={() =>
            download(
              exportFileName(session, 'json'),
              'application/json',
              `${JSON.stringify(exportJson(session), null, 2)}\n`,
            )
          }
        >
          {t('history.exportJson')}
        </button>
        <button type="button" className="danger" data-testid="history-delete" onClick={onDelete}>
          {t('history.delete')}
        </button>
      </div>
    </div>
  );
}
