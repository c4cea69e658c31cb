import { useEffect, useRef } from 'react';
import { useApp } from '../state/store.ts';

export function Transcript() {
  const entries = useApp((s) => s.entries);
  const call = useApp((s) => s.call);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [entries]);
  if (entries.length === 0) {
    return (
      <div className="transcript-empty">
        <p>
          {call === 'idle'
            ? 'Press Talk and say something, like “what time is it”.'
            : 'Listening… say something.'}
        </p>
      </div>
    );
  }
  return (
    <ol className="transcript" aria-live="polite">
      {entries.map((e) => (
        <li
          key={e.key}
          className={`bubble bubble-${e.role}${e.final ? '' : ' bubble-pending'}${e.status && e.status !== 'completed' ? ` bubble-${e.status}` : ''}`}
          data-testid={e.role === 'user' ? 'user-utterance' : 'assistant-utterance'}
          data-turn={e.turnId}
          data-final={e.final}
          data-status={e.status ?? ''}
        >
          {e.text || '…'}
        </li>
      ))}
      <div ref={end} />
    </ol>
  );
}
