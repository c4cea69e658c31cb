import { useId, useState } from 'react';
import type { McpServerInput, McpStdioCommand } from '@parley/shared';
import { emptyMcpForm, envHint, mcpInputOf, type McpForm } from '../../settings/mcp-form.ts';
import { useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/intl.ts';

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
  const intl = useIntl();
  const t = (id: MessageId) => intl.formatMessage({ id });
  const [form, setForm] = useState<McpForm>(emptyMcpForm);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<McpForm>) => {
    setError(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const submit = async () => {
    const made = mcpInputOf(intl, form);
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
        <legend id={field('title')}>{t('mcp.add.legend')}</legend>
        <div className="field-row" role="radiogroup" aria-label={t('mcp.add.how')}>
          <label>
            <input
              type="radio"
              name={field('transport')}
              checked={form.transport === 'http'}
              onChange={() => set({ transport: 'http' })}
            />{' '}
            {t('mcp.add.http')}
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
            {t('mcp.add.stdio')}
          </label>
        </div>
        {stdioCommands.length === 0 ? (
          <p id={field('stdio-off')} className="field-hint">
            {t('mcp.add.noCommands')}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={field('name')}>{t('mcp.add.name')}</label>
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
              <label htmlFor={field('url')}>{t('mcp.add.address')}</label>
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
              <label htmlFor={field('token')}>{t('mcp.add.token')}</label>
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
                {t('mcp.add.tokenHint')}
              </p>
            </div>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor={field('command')}>{t('mcp.add.command')}</label>
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
              <label htmlFor={field('args')}>{t('mcp.add.args')}</label>
              <textarea
                id={field('args')}
                data-testid="mcp-args"
                rows={2}
                value={form.args}
                onChange={(e) => set({ args: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={field('env')}>{t('mcp.add.env')}</label>
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
                {envHint(
                  intl,
                  stdioCommands.find((c) => c.command === form.command),
                )}{' '}
                {t('mcp.add.envStored')}
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
            {t('mcp.add.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
