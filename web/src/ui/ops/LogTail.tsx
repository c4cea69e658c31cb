import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import {
  DEFAULT_LOG_TAIL_FILTER,
  logLevelName,
  type LogRecord,
  type LogTailFilter,
} from '@parley/shared';
import { openLogTail, type LogTailSocket } from './log-tail-socket.ts';
import {
  closeText,
  filterFromDraft,
  initialLogTailView,
  logTailReducer,
  relayLevelNote,
  type FilterDraft,
} from './log-tail-view.ts';
import './log-tail.css';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { currentIntl } from '../../i18n/language.ts';

type Connection = { state: 'connecting' } | { state: 'live' } | { state: 'closed'; text: string };

/**
 * The relay's live log (admin): its lines as it writes them, filtered by level, session and turn
 * on the relay. Pausing keeps the list still while new lines are counted; the list keeps the last
 * 500 lines. The status line is a polite live region (connection changes only, never each line).
 */
export function LogTail({ token }: { token: string }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const [view, dispatch] = useReducer(logTailReducer, undefined, initialLogTailView);
  const [draft, setDraft] = useState<FilterDraft>({
    level: DEFAULT_LOG_TAIL_FILTER.level,
    sessionId: '',
    turnId: '',
  });
  const [draftError, setDraftError] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const socket = useRef<LogTailSocket | null>(null);
  // The filter to connect with (the last one applied), read when (re)connecting.
  const applied = useRef<LogTailFilter>(DEFAULT_LOG_TAIL_FILTER);
  const list = useRef<HTMLOListElement>(null);
  const stuckToBottom = useRef(true);

  useEffect(() => {
    let stopped = false;
    // Lines are shown once per frame, however many messages came in it.
    let pending: LogRecord[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const records = pending;
      pending = [];
      dispatch({ type: 'lines', records });
    };
    openLogTail(token, applied.current, {
      onOpen: () => {
        if (!stopped) setConnection({ state: 'live' });
      },
      onMessage: (message) => {
        if (stopped) return;
        switch (message.type) {
          case 'log.subscribed':
            // Lines still pending were chosen by the previous filter.
            pending = [];
            dispatch({ type: 'subscribed', message });
            break;
          case 'log.lines':
            pending.push(...message.lines);
            frame ??= requestAnimationFrame(flush);
            break;
          case 'log.error':
            setDraftError(message.message);
            break;
        }
      },
      onClose: (code, reason) => {
        if (!stopped)
          setConnection({ state: 'closed', text: closeText(currentIntl(), code, reason) });
      },
    }).then(
      (s) => {
        if (stopped) s.close();
        else socket.current = s;
      },
      (err: unknown) => {
        if (!stopped)
          setConnection({
            state: 'closed',
            text: err instanceof Error ? err.message : String(err),
          });
      },
    );
    return () => {
      stopped = true;
      if (frame !== null) cancelAnimationFrame(frame);
      socket.current?.close();
      socket.current = null;
    };
  }, [token, attempt]);

  // Newest at the bottom: follow them unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && stuckToBottom.current) el.scrollTop = el.scrollHeight;
  }, [view.lines]);

  const apply = () => {
    const parsed = filterFromDraft(intl, draft);
    if (!parsed.ok) {
      setDraftError(parsed.error);
      return;
    }
    setDraftError(null);
    applied.current = parsed.filter;
    socket.current?.setFilter(parsed.filter);
  };
  const note = relayLevelNote(intl, view.relayLevel, view.filter);

  return (
    <section className="log-tail" data-testid="ops-log-tail" aria-labelledby="log-tail-title">
      <h2 id="log-tail-title">{t('log.heading')}</h2>
      <form
        className="log-tail-filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          {t('log.minLevel')}
          <select
            value={draft.level}
            data-testid="log-tail-level"
            onChange={(e) => setDraft({ ...draft, level: e.target.value })}
          >
            {logLevelName.options.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('log.session')}
          <input
            value={draft.sessionId}
            data-testid="log-tail-session"
            placeholder={t('log.any')}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setDraft({ ...draft, sessionId: e.target.value })}
          />
        </label>
        <label>
          {t('log.turn')}
          <input
            value={draft.turnId}
            data-testid="log-tail-turn"
            placeholder={t('log.any')}
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={draftError !== null}
            onChange={(e) => setDraft({ ...draft, turnId: e.target.value })}
          />
        </label>
        <button type="submit" data-testid="log-tail-apply">
          {t('log.apply')}
        </button>
        <button
          type="button"
          data-testid="log-tail-pause"
          aria-pressed={view.paused}
          onClick={() => dispatch({ type: view.paused ? 'resume' : 'pause' })}
        >
          {view.paused
            ? view.unseen > 0
              ? t('log.resumeNew', { count: view.unseen })
              : t('log.resume')
            : t('log.pause')}
        </button>
        <button
          type="button"
          data-testid="log-tail-clear"
          onClick={() => dispatch({ type: 'clear' })}
        >
          {t('log.clear')}
        </button>
      </form>
      {draftError && (
        <p className="notice notice-error" role="alert">
          {draftError}
        </p>
      )}
      <p className="log-tail-status muted" role="status" data-state={connection.state}>
        {connection.state === 'connecting'
          ? t('log.connecting')
          : connection.state === 'live'
            ? note
              ? t('log.liveNote', { note })
              : t('log.live')
            : connection.text}
        {connection.state === 'closed' && (
          <>
            {' '}
            <button
              type="button"
              onClick={() => {
                setConnection({ state: 'connecting' });
                setAttempt((n) => n + 1);
              }}
            >
              {t('log.reconnect')}
            </button>
          </>
        )}
      </p>
      <ol
        ref={list}
        className="log-tail-lines"
        data-testid="log-tail-lines"
        aria-label={t('log.lines')}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stuckToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {view.lines.map((line) => (
          <li key={line.seq} className={`log-line log-${line.level}`} data-level={line.level}>
            <time>{line.time}</time> <span className="log-level">{line.level}</span>{' '}
            <span className="log-name">{line.name}</span>{' '}
            <span className="log-msg">{line.msg}</span>
            {line.sessionId !== null && (
              <span className="log-ids">
                {' '}
                {t('log.sessionIds', { session: line.sessionId })}
                {line.turnId !== null && ` · ${t('log.turnIds', { turn: line.turnId })}`}
              </span>
            )}
            {line.sessionId === null && line.turnId !== null && (
              <span className="log-ids"> {t('log.turnIds', { turn: line.turnId })}</span>
            )}
            {line.extra && <span className="log-extra"> {line.extra}</span>}
          </li>
        ))}
      </ol>
      {view.lines.length === 0 && <p className="muted">{t('log.noLines')}</p>}
    </section>
  );
}
