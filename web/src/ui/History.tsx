import { useEffect, useState } from 'react';
import type { SessionDetail, SessionSummary } from '@parley/shared';
import { deleteSession, getSession, listSessions } from '../net/api.ts';
import { HistoryDetail } from './history/HistoryDetail.tsx';
import { formatMicros } from './money.ts';

type View = { kind: 'list' } | { kind: 'detail'; session: SessionDetail };

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Past conversations: a list, and one opened (continue, rename, export, delete). */
export function History({ onClose }: { onClose: () => void }) {
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listSessions()
      .then((r) => setSessions(r.sessions))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const open = (id: string) => {
    getSession(id)
      .then((session) => setView({ kind: 'detail', session }))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const remove = (id: string) => {
    if (!window.confirm('Delete this conversation and its transcript?')) return;
    deleteSession(id)
      .then(() => {
        setSessions((list) => list?.filter((s) => s.id !== id) ?? null);
        setView({ kind: 'list' });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section className="history" data-testid="history" aria-label="Past conversations">
      <header className="history-header">
        {view.kind === 'detail' ? (
          <button type="button" onClick={() => setView({ kind: 'list' })}>
            ← All
          </button>
        ) : (
          <h2>Past conversations</h2>
        )}
        <button type="button" onClick={onClose} aria-label="Close history">
          ✕
        </button>
      </header>
      {error ? <p className="notice notice-error">{error}</p> : null}
      {view.kind === 'list' ? (
        sessions === null ? (
          <p className="muted">Loading…</p>
        ) : sessions.length === 0 ? (
          <p className="muted">No conversations yet.</p>
        ) : (
          <ul className="history-list" data-testid="history-list">
            {sessions.map((s) => (
              <li key={s.id} data-testid="history-item" data-session={s.id}>
                <button type="button" className="history-open" onClick={() => open(s.id)}>
                  <span className="history-title">{s.title ?? 'Untitled'}</span>
                  <span className="muted">
                    {when(s.startedAt)} · {s.turnCount} turns · {formatMicros(s.costMicros)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : (
        <HistoryDetail
          session={view.session}
          onContinued={onClose}
          onRenamed={(summary) => {
            setSessions((list) => list?.map((x) => (x.id === summary.id ? summary : x)) ?? null);
            setView({ kind: 'detail', session: { ...view.session, title: summary.title } });
          }}
          onDelete={() => remove(view.session.id)}
          onError={setError}
        />
      )}
    </section>
  );
}
