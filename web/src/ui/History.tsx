import { useEffect, useState } from 'react';
import { MAX_HISTORY_QUERY_CHARS, type SessionDetail, type SessionSummary } from '@parley/shared';
import { deleteSession, getSession, listSessions } from '../net/api.ts';
import { HistoryDetail } from './history/HistoryDetail.tsx';
import { emptyHistoryText, foundText, turnsText, whenText } from './history/history-text.ts';
import { formatMicros } from '../i18n/format.ts';
import { useIntl } from 'react-intl';
import type { MessageId } from '../i18n/intl.ts';
import './history/history.css';

type View = { kind: 'list' } | { kind: 'detail'; session: SessionDetail };

/** A search waits for the user to stop typing this long (ms): one request per pause, not per key. */
const SEARCH_PAUSE_MS = 250;

/**
 * Past conversations: a list, searchable by title and words (the relay searches), and one opened
 * (continue, rename, export, delete).
 */
export function History({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [view, setView] = useState<View>({ kind: 'list' });
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  // The query the shown list answers (the box may be ahead of it while the user types).
  const [shownQuery, setShownQuery] = useState('');

  useEffect(() => {
    let live = true;
    const q = query.trim();
    const timer = setTimeout(
      () => {
        listSessions({ q })
          .then((r) => {
            if (!live) return;
            setSessions(r.sessions);
            setShownQuery(q);
            setError(null);
          })
          .catch((e: unknown) => {
            if (live) setError(e instanceof Error ? e.message : String(e));
          });
      },
      q === '' ? 0 : SEARCH_PAUSE_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const open = (id: string) => {
    getSession(id)
      .then((session) => setView({ kind: 'detail', session }))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const remove = (id: string) => {
    if (!window.confirm(t('history.deleteConfirm'))) return;
    deleteSession(id)
      .then(() => {
        setSessions((list) => list?.filter((s) => s.id !== id) ?? null);
        setView({ kind: 'list' });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section className="history" data-testid="history" aria-label={t('history.heading')}>
      <header className="history-header">
        {view.kind === 'detail' ? (
          <button type="button" onClick={() => setView({ kind: 'list' })}>
            {t('history.all')}
          </button>
        ) : (
          <h2>{t('history.heading')}</h2>
        )}
        <button type="button" onClick={onClose} aria-label={t('history.close')}>
          ✕
        </button>
      </header>
      {error ? <p className="notice notice-error">{error}</p> : null}
      {view.kind === 'list' ? (
        <div className="history-search" role="search">
          <input
            type="search"
            data-testid="history-search"
            aria-label={t('history.search')}
            placeholder={t('history.searchPlaceholder')}
            maxLength={MAX_HISTORY_QUERY_CHARS}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <p className="visually-hidden" role="status">
            {sessions === null ? '' : foundText(intl, shownQuery, sessions.length)}
          </p>
        </div>
      ) : null}
      {view.kind === 'list' ? (
        sessions === null ? (
          <p className="muted">{t('page.loading')}</p>
        ) : sessions.length === 0 ? (
          <p className="muted" data-testid="history-empty">
            {emptyHistoryText(intl, shownQuery)}
          </p>
        ) : (
          <ul className="history-list" data-testid="history-list">
            {sessions.map((s) => (
              <li key={s.id} data-testid="history-item" data-session={s.id}>
                <button type="button" className="history-open" onClick={() => open(s.id)}>
                  <span className="history-title">{s.title ?? t('history.untitled')}</span>
                  <span className="muted">
                    {intl.formatMessage(
                      { id: 'history.line' },
                      {
                        when: whenText(intl, s.startedAt),
                        turns: turnsText(intl, s.turnCount),
                        cost: formatMicros(intl, s.costMicros),
                      },
                    )}
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
