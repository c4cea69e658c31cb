import { useId } from 'react';
import type { McpServerView } from '@parley/shared';
import {
  endpointText,
  serverStateText,
  SHARED_SERVER_TEXT,
  toolNote,
} from '../../settings/mcp-form.ts';
import { useIntl } from 'react-intl';

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
  const intl = useIntl();
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
            {server.transport === 'http' ? 'HTTP' : 'stdio'} · {endpointText(intl, server)}
          </span>
        </div>
        <div className="mcp-server-actions">
          <button
            type="button"
            disabled={busy}
            onClick={onReconnect}
            aria-describedby={`${id}-name`}
            data-testid="mcp-reconnect"
            title={intl.formatMessage({ id: 'mcp.reconnect.title' })}
          >
            {intl.formatMessage({ id: 'mcp.reconnect' })}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={onRemove}
            aria-describedby={`${id}-name`}
            data-testid="mcp-remove"
          >
            {intl.formatMessage({ id: 'mcp.remove' })}
          </button>
        </div>
      </div>
      <p
        className="field-hint mcp-state"
        data-testid="mcp-state"
        data-breaker={server.breaker.state}
      >
        {intl.formatMessage(
          { id: 'mcp.calls' },
          {
            state: serverStateText(intl, server),
            calls: server.calls,
            failures: server.failures,
          },
        )}
      </p>
      <p className="field-hint mcp-shared" data-testid="mcp-shared">
        {intl.formatMessage({ id: SHARED_SERVER_TEXT })}
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
        {intl.formatMessage({ id: 'mcp.readOnlyForUsers' })}
      </label>
      {server.tools === null ? (
        <p className="field-hint">{intl.formatMessage({ id: 'mcp.toolsOnceAnswers' })}</p>
      ) : (
        <fieldset className="mcp-tools" disabled={busy}>
          <legend>{intl.formatMessage({ id: 'mcp.toolsLegend' }, { name: server.name })}</legend>
          {server.tools.length === 0 ? (
            <p className="field-hint">{intl.formatMessage({ id: 'mcp.noTools' })}</p>
          ) : null}
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
                  <span className="mcp-tool-note">
                    {toolNote(intl, tool, server.readOnlyForUsers)}
                  </span>
                </label>
                <p id={`${id}-${tool.name}-about`} className="field-hint mcp-tool-about">
                  {tool.description || intl.formatMessage({ id: 'mcp.noDescription' })}
                </p>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </li>
  );
}
