import { useEffect, useRef } from 'react';
import { useApp, type ChatEntry } from '../state/store.ts';
import { confirmAwaited } from '../state/tool-calls.ts';
import { emptyHint } from './empty-hint.ts';
import { useIntl } from 'react-intl';
import { speakable, useSpokenLanguage } from '../i18n/language.ts';
import { AssistantIntro } from './intro/AssistantIntro.tsx';
import { NewConversation } from './NewConversation.tsx';
import { TranscriptBubble } from './TranscriptBubble.tsx';

/** The conversation; before any turn, what the assistant is (`onConnectModel` opens Settings). */
export function Transcript({ onConnectModel }: { onConnectModel: () => void }) {
  const intl = useIntl();
  const spoken = useSpokenLanguage();
  const entries = useApp((s) => s.entries);
  const call = useApp((s) => s.call);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [entries]);
  if (entries.length === 0) {
    return (
      <div className="transcript-empty">
        {/* The hint first: what to say or type stays in view above the account of the assistant,
            which may scroll, however little room the notices above leave. */}
        <div>
          <p data-testid="empty-hint">{emptyHint(intl, call, speakable(spoken))}</p>
          {call === 'idle' ? <AssistantIntro onConnectModel={onConnectModel} /> : null}
        </div>
      </div>
    );
  }
  return (
    <>
      <ol
        className="transcript"
        aria-label={intl.formatMessage({ id: 'app.conversation' })}
        aria-live="polite"
      >
        {entries.map((e) => (
          <TranscriptBubble
            key={e.key}
            entry={e}
            question={question(entries, e)}
            awaited={confirmAwaited(entries, e)}
          />
        ))}
      </ol>
      <NewConversation />
      {/* Scrolled to as entries come; outside the list, which may hold only its items. */}
      <div ref={end} />
    </>
  );
}

/** For a failed reply: the final words of the user's question of the same turn, if known. */
function question(entries: ChatEntry[], e: ChatEntry): string | undefined {
  if (!e.failure) return undefined;
  const user = entries.find((u) => u.key === `user-${e.turnId}`);
  return user?.final && user.text !== '' ? user.text : undefined;
}
