import { useId, useState } from 'react';
import type { McpServerInput, McpStdioCommand } from '@parley/shared';
import { emptyMcpForm, envHint, mcpInputOf, type McpForm } from '../../settings/mcp-form.ts';

interface Props {
  /**
   * The programs this relay may start and their variables (`MCP_STDIO_COMMANDS`); none: HTTP
   * servers only.
   */
  stdioCommands: readonly McpStdioCommand[];
  busy: boolean;
  /** Adds the server; resolves true when it was added (the form then empties). */
  onAdd: (input: McpServerInput) => Promise<boolean>;
}

/** "Add a server": over HTTP (an address, a token if it needs one) or a command the relay allows. */
export function McpAddServer({ stdioCommands, busy, onAdd }: Props) {
  const id = useId();
  const [form, setForm] = useState<McpForm>(emptyMcpForm);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<McpForm>) => {
    setError(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const submit = async () => {
    const made = mcpInputOf(form);
    if (!made.ok) {
      setError(made.error);
      return;
    }
    if (await onAdd(made.input)) setForm(emptyMcpForm);
  };
  const field = (name: string) => `${id}-${name}`;
  return (
    <form
      className="mcp-add"
      aria-labelledby={field('title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset disabled={busy}>
        <legend id={field('title')}>Add a server</legend>
        <div className="field-row" role="radiogroup" aria-label="How the relay reaches it">
          <label>
            <input
              type="radio"
              name={field('transport')}
              checked={form.transport === 'http'}
              onChange={() => set({ transport: 'http' })}
            />{' '}
            Over HTTP
          </label>
          <label>
            <input
              type="radio"
              name={field('transport')}
              checked={form.transport === 'stdio'}
              disabled={stdioCommands.length === 0}
              aria-describedby={stdioCommands.length === 0 ? field('stdio-off') : undefined}
              onChange={() => set({ transport: 'stdio', command: stdioCommands[0]?.command ?? '' })}
            />{' '}
            A command the relay starts
          </label>
        </div>
        {stdioCommands.length === 0 ? (
          <p id={field('stdio-off')} className="field-hint">
            This relay starts no commands: its operator lists those allowed in MCP_STDIO_COMMANDS.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={field('name')}>Name</label>
          <input
            id={field('name')}
            data-testid="mcp-name"
            value={form.name}
            maxLength={40}
            onChange={(e) => set({ name: e.target.value })}
          />
        </div>
        {form.transport === 'http' ? (
          <>
            <div className="field">
              <label htmlFor={field('url')}>Address</label>
              <input
                id={field('url')}
                data-testid="mcp-url"
                type="url"
                placeholder="https://mcp.example.com/mcp"
                value={form.url}
                onChange={(e) => set({ url: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={field('token')}>Bearer token (if it needs one)</label>
              <input
                id={field('token')}
                data-testid="mcp-token"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={form.token}
                aria-describedby={field('token-hint')}
                onChange={(e) => set({ token: e.target.value })}
              />
              <p id={field('token-hint')} className="field-hint">
                Stored encrypted on the relay; never shown again.
              </p>
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor={field('command')}>Command</label>
              <select
                id={field('command')}
                data-testid="mcp-command"
                value={form.command}
                onChange={(e) => set({ command: e.target.value })}
              >
                {stdioCommands.map((c) => (
                  <option key={c.command} value={c.command}>
                    {c.command}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={field('args')}>Arguments, one a line</label>
              <textarea
                id={field('args')}
                data-testid="mcp-args"
                rows={2}
                value={form.args}
                onChange={(e) => set({ args: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={field('env')}>Environment, NAME=value a line</label>
              <textarea
                id={field('env')}
                data-testid="mcp-env"
                rows={2}
                spellCheck={false}
                value={form.env}
                aria-describedby={field('env-hint')}
                onChange={(e) => set({ env: e.target.value })}
              />
              <p id={field('env-hint')} className="field-hint">
                {envHint(stdioCommands.find((c) => c.command === form.command))} Values are stored
                encrypted and never shown again; the server gets PATH, HOME and these, not the
                relay’s own environment.
              </p>
            </div>
          </>
        )}
        {error ? (
          <p className="field-error" role="alert" data-testid="mcp-form-error">
            {error}
          </p>
        ) : null}
        <div className="settings-actions">
          <button type="submit" className="primary" data-testid="mcp-add">
            Add server
          </button>
        </div>
      </fieldset>
    </form>
  );
}
