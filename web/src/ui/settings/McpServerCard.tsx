import { useId } from 'react';
import type { McpServerView } from '@parley/shared';
import {
  endpointText,
  serverStateText,
  SHARED_SERVER_TEXT,
  toolNote,
} from '../../settings/mcp-form.ts';

interface Props {
  server: McpServerView;
  /** A request about this server is under way: its controls wait. */
  busy: boolean;
  onToggle: (tool: string, enabled: boolean) => void;
  /** Users may call only its read-only tools, or any it has enabled. */
  onReadOnlyForUsers: (readOnly: boolean) => void;
  onReconnect: () => void;
  onRemove: () => void;
}

/**
 * One MCP server: how it is reached, where it stands (its breaker included), and its tools, each
 * with its description and what it does, enabled one by one.
 */
export function McpServerCard({
  server,
  busy,
  onToggle,
  onReadOnlyForUsers,
  onReconnect,
  onRemove,
}: Props) {
  const id = useId();
  const health =
    server.breaker.state === 'open' || server.connection.state === 'failed'
      ? 'failed'
      : server.connection.state;
  return (
    <li className="mcp-server" data-testid="mcp-server" data-name={server.name} data-state={health}>
      <div className="mcp-server-head">
        <div className="mcp-server-name">
          <strong id={`${id}-name`}>{server.name}</strong>
          <span className="field-hint mcp-endpoint">
            {server.transport === 'http' ? 'HTTP' : 'stdio'} · {endpointText(server)}
          </span>
        </div>
        <div className="mcp-server-actions">
          <button
            type="button"
            disabled={busy}
            onClick={onReconnect}
            aria-describedby={`${id}-name`}
            data-testid="mcp-reconnect"
            title="Close its breaker, connect again and list its tools"
          >
            Reconnect
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={onRemove}
            aria-describedby={`${id}-name`}
            data-testid="mcp-remove"
          >
            Remove
          </button>
        </div>
      </div>
      <p
        className="field-hint mcp-state"
        data-testid="mcp-state"
        data-breaker={server.breaker.state}
      >
        {serverStateText(server)} {server.calls} calls, {server.failures} failed.
      </p>
      <p className="field-hint mcp-shared" data-testid="mcp-shared">
        {SHARED_SERVER_TEXT}
      </p>
      <label className="mcp-tool-label">
        <input
          type="checkbox"
          data-testid="mcp-read-only-for-users"
          checked={server.readOnlyForUsers}
          disabled={busy}
          aria-describedby={`${id}-name`}
          onChange={(e) => onReadOnlyForUsers(e.target.checked)}
        />
        Users may call only its read-only tools
      </label>
      {server.tools === null ? (
        <p className="field-hint">Its tools show once it answers.</p>
      ) : (
        <fieldset className="mcp-tools" disabled={busy}>
          <legend>Tools of {server.name}: enable those the assistant may use</legend>
          {server.tools.length === 0 ? <p className="field-hint">It offers no tools.</p> : null}
          <ul>
            {server.tools.map((tool) => (
              <li key={tool.name} data-testid="mcp-tool" data-tool={tool.name}>
                <label className="mcp-tool-label">
                  <input
                    type="checkbox"
                    checked={tool.enabled && !tool.changed}
                    aria-describedby={`${id}-${tool.name}-about`}
                    onChange={(e) => onToggle(tool.name, e.target.checked)}
                  />
                  <code>{tool.name}</code>
                  <span className="mcp-tool-note">{toolNote(tool, server.readOnlyForUsers)}</span>
                </label>
                <p id={`${id}-${tool.name}-about`} className="field-hint mcp-tool-about">
                  {tool.description || 'No description.'}
                </p>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </li>
  );
}
