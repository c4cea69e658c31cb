import { useCallback, useEffect, useState } from 'react';
import type { McpServerInput, McpServersResponse } from '@parley/shared';
import type { McpServersApi } from '../../net/mcp-api.ts';
import { mcpErrorText } from '../../settings/mcp-form.ts';
import { McpAddServer } from './McpAddServer.tsx';
import { McpServerCard } from './McpServerCard.tsx';
import './settings.css';
import './mcp-servers.css';

/** How often the servers' state is read again while shown (ms): a breaker opens and closes. */
const REFRESH_MS = 5000;

/**
 * The assistant's tool servers (MCP, issue 48): each server's state and tools, a tool enabled
 * one by one, a server added, reconnected or removed. Used by the ops dashboard (with the admin
 * token) and by Settings (dev mode's local user), through `api`.
 */
export function McpServers({ api }: { api: McpServersApi }) {
  const [view, setView] = useState<McpServersResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');

  const load = useCallback(
    (signal?: AbortSignal) =>
      api.list(signal).then(
        (v) => setView(v),
        (e: unknown) => {
          if (!signal?.aborted) setError(mcpErrorText('The tool servers could not be loaded', e));
        },
      ),
    [api],
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
      setError(mcpErrorText(doing, e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const add = (input: McpServerInput) =>
    change('add', 'The server was not added', () => api.add(input), `${input.name} added.`);

  return (
    <div className="mcp-servers" data-testid="mcp-servers">
      <p className="field-hint">
        Servers that give the assistant tools (the Model Context Protocol). None of a server’s tools
        is used until you enable it; a tool that is not read-only waits for the user’s confirmation
        each time. A server is shared by every user of this relay.
      </p>
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
          <p className="muted">Loading…</p>
        )
      ) : (
        <>
          {view.servers.length === 0 ? (
            <p className="muted" data-testid="mcp-none">
              No tool servers yet.
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
                      enabled ? `${tool} was not enabled` : `${tool} was not disabled`,
                      () => api.setTool(s.id, { name: tool, enabled }),
                      `${tool} ${enabled ? 'enabled' : 'disabled'}: from the next reply.`,
                    )
                  }
                  onReadOnlyForUsers={(readOnlyForUsers) =>
                    void change(
                      s.id,
                      `${s.name}’s setting was not changed`,
                      () => api.settings(s.id, { readOnlyForUsers }),
                      readOnlyForUsers
                        ? `${s.name}: users may call only its read-only tools, from the next reply.`
                        : `${s.name}: users may call any tool enabled, from the next reply.`,
                    )
                  }
                  onReconnect={() =>
                    void change(
                      s.id,
                      `${s.name} could not reconnect`,
                      () => api.reconnect(s.id),
                      `${s.name} reconnected.`,
                    )
                  }
                  onRemove={() =>
                    void change(
                      s.id,
                      `${s.name} was not removed`,
                      () => api.remove(s.id),
                      `${s.name} removed.`,
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
