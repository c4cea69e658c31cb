import { useCallback, useEffect, useState } from 'react';
import type { McpServerInput, McpServersResponse } from '@parley/shared';
import type { McpServersApi } from '../../net/mcp-api.ts';
import { mcpErrorText } from '../../settings/mcp-form.ts';
import { McpAddServer } from './McpAddServer.tsx';
import { McpServerCard } from './McpServerCard.tsx';
import './settings.css';
import './mcp-servers.css';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';

/** How often the servers' state is read again while shown (ms): a breaker opens and closes. */
const REFRESH_MS = 5000;

/**
 * The assistant's tool servers (MCP, issue 48): each server's state and tools, a tool enabled
 * one by one, a server added, reconnected or removed. Used by the ops dashboard (with the admin
 * token) and by Settings (dev mode's local user), through `api`.
 */
export function McpServers({ api }: { api: McpServersApi }) {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const [view, setView] = useState<McpServersResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');

  const load = useCallback(
    (signal?: AbortSignal) =>
      api.list(signal).then(
        (v) => setView(v),
        (e: unknown) => {
          if (!signal?.aborted)
            setError(mcpErrorText(intl, intl.formatMessage({ id: 'mcp.loadFailed' }), e));
        },
      ),
    [api, intl],
  );

  useEffect(() => {
    const stop = new AbortController();
    void load(stop.signal);
    const timer = setInterval(() => void load(stop.signal), REFRESH_MS);
    return () => {
      stop.abort();
      clearInterval(timer);
    };
  }, [load]);

  /** Runs one change; the answer is every server as it now is. */
  const change = async (
    key: string,
    doing: string,
    work: () => Promise<McpServersResponse>,
    done: string,
  ): Promise<boolean> => {
    setBusy(key);
    setError(null);
    try {
      setView(await work());
      setAnnounce(done);
      return true;
    } catch (e) {
      setError(mcpErrorText(intl, doing, e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const add = (input: McpServerInput) =>
    change('add', t('mcp.addFailed'), () => api.add(input), t('mcp.added', { name: input.name }));

  return (
    <div className="mcp-servers" data-testid="mcp-servers">
      <p className="field-hint">{t('mcp.intro')}</p>
      {error ? (
        <p className="notice notice-error" role="alert" data-testid="mcp-error">
          {error}
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {!view ? (
        error ? null : (
          <p className="muted">{t('page.loading')}</p>
        )
      ) : (
        <>
          {view.servers.length === 0 ? (
            <p className="muted" data-testid="mcp-none">
              {t('mcp.none')}
            </p>
          ) : (
            <ul className="mcp-server-list">
              {view.servers.map((s) => (
                <McpServerCard
                  key={s.id}
                  server={s}
                  busy={busy !== null}
                  onToggle={(tool, enabled) =>
                    void change(
                      s.id,
                      t(enabled ? 'mcp.enableFailed' : 'mcp.disableFailed', { tool }),
                      () => api.setTool(s.id, { name: tool, enabled }),
                      t(enabled ? 'mcp.enabled' : 'mcp.disabled', { tool }),
                    )
                  }
                  onReadOnlyForUsers={(readOnlyForUsers) =>
                    void change(
                      s.id,
                      t('mcp.settingFailed', { name: s.name }),
                      () => api.settings(s.id, { readOnlyForUsers }),
                      t(readOnlyForUsers ? 'mcp.readOnlyOn' : 'mcp.readOnlyOff', { name: s.name }),
                    )
                  }
                  onReconnect={() =>
                    void change(
                      s.id,
                      t('mcp.reconnectFailed', { name: s.name }),
                      () => api.reconnect(s.id),
                      t('mcp.reconnected', { name: s.name }),
                    )
                  }
                  onRemove={() =>
                    void change(
                      s.id,
                      t('mcp.removeFailed', { name: s.name }),
                      () => api.remove(s.id),
                      t('mcp.removed', { name: s.name }),
                    )
                  }
                />
              ))}
            </ul>
          )}
          <McpAddServer stdioCommands={view.stdioCommands} busy={busy !== null} onAdd={add} />
        </>
      )}
    </div>
  );
}
