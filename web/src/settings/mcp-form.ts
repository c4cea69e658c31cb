import type { McpServerInput, McpServerView, McpStdioCommand, McpToolView } from '@parley/shared';
import type { IntlShape } from 'react-intl';
import { ZodError } from 'zod';
import { ApiError } from '../net/api.ts';
import type { MessageId, MessageValues } from '../i18n/intl.ts';
import { schemaWords } from './schema-words.ts';

/** The "Add a server" form as typed. */
export interface McpForm {
  transport: 'http' | 'stdio';
  name: string;
  url: string;
  /** Empty: none. */
  token: string;
  command: string;
  /** One argument a line. */
  args: string;
  /** `NAME=value`, one a line. */
  env: string;
}

export const emptyMcpForm: McpForm = {
  transport: 'http',
  name: '',
  url: '',
  token: '',
  command: '',
  args: '',
  env: '',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The server to add, or what to fix first (in words for the field's error). */
export function mcpInputOf(
  intl: IntlShape,
  form: McpForm,
): { ok: true; input: McpServerInput } | { ok: false; error: string } {
  const name = form.name.trim();
  if (name === '') return { ok: false, error: intl.formatMessage({ id: 'mcp.error.name' }) };
  if (form.transport === 'http') {
    if (form.url.trim() === '')
      return { ok: false, error: intl.formatMessage({ id: 'mcp.error.address' }) };
    const token = form.token.trim();
    return {
      ok: true,
      input: { transport: 'http', name, url: form.url.trim(), ...(token ? { token } : {}) },
    };
  }
  if (form.command === '')
    return { ok: false, error: intl.formatMessage({ id: 'mcp.error.command' }) };
  const env: Record<string, string> = {};
  for (const line of lines(form.env)) {
    const eq = line.indexOf('=');
    if (eq <= 0)
      return { ok: false, error: intl.formatMessage({ id: 'mcp.error.envLine' }, { line }) };
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return {
    ok: true,
    input: { transport: 'stdio', name, command: form.command, args: lines(form.args), env },
  };
}

/** Which variables the chosen program may be given (its operator lists them beside it). */
export function envHint(intl: IntlShape, command: McpStdioCommand | undefined): string {
  if (!command || command.envNames.length === 0)
    return intl.formatMessage({ id: 'mcp.envHint.none' });
  return intl.formatMessage(
    { id: 'mcp.envHint.some' },
    { names: intl.formatList(command.envNames, { type: 'conjunction' }) },
  );
}

/** How it is reached, on one line: its address, or its command and arguments. */
export function endpointText(intl: IntlShape, server: McpServerView): string {
  if (server.transport === 'http')
    return server.tokenSet
      ? intl.formatMessage({ id: 'mcp.endpoint.token' }, { url: server.url ?? '' })
      : (server.url ?? '');
  const command = [server.command ?? '', ...(server.args ?? [])].join(' ');
  return server.envNames?.length
    ? intl.formatMessage({ id: 'mcp.endpoint.env' }, { command, names: server.envNames.join(', ') })
    : command;
}

/**
 * Where the server stands, in words: its connection, and its breaker when it skips it (until
 * when, in `timeOf`'s words: the browser's clock is not the relay's).
 */
export function serverStateText(
  intl: IntlShape,
  server: McpServerView,
  timeOf: (epochMs: number) => string = (t) => intl.formatTime(t, { timeStyle: 'medium' }),
): string {
  const { connection, breaker } = server;
  const say = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const state = say(
    (
      {
        idle: 'mcp.state.idle',
        connected: 'mcp.state.connected',
        failed: 'mcp.state.failed',
        refused: 'mcp.state.refused',
      } as const
    )[connection.state],
  );
  const said = connection.message
    ? say('mcp.state.said', { state, message: connection.message.replace(/\.$/, '') })
    : state;
  const line = say('mcp.state.line', { state: said });
  const failures = breaker.consecutiveFailures;
  if (breaker.state === 'open')
    return `${line} ${
      breaker.retryAtMs === null
        ? say('mcp.breaker.open', { failures })
        : say('mcp.breaker.openUntil', { time: timeOf(breaker.retryAtMs), failures })
    }`;
  if (breaker.state === 'half-open') return `${line} ${say('mcp.breaker.halfOpen')}`;
  return line;
}

/**
 * What a tool does to the world, and whether it waits for review or is left out, in a few
 * words. `usersReadOnly`: its server lets users call only its read-only tools.
 */
export function toolNote(intl: IntlShape, tool: McpToolView, usersReadOnly = false): string {
  if (usersReadOnly && !tool.readOnly) return intl.formatMessage({ id: 'mcp.tool.readOnlyOnly' });
  const effect = intl.formatMessage({
    id: tool.readOnly
      ? 'mcp.tool.readOnly'
      : tool.annotations.destructiveHint === false
        ? 'mcp.tool.changes'
        : 'mcp.tool.mayDelete',
  });
  if (tool.shadowed)
    return intl.formatMessage({ id: 'mcp.tool.shadowed' }, { effect, name: tool.modelName });
  return tool.changed ? intl.formatMessage({ id: 'mcp.tool.changed' }, { effect }) : effect;
}

/** A failed request about MCP servers, in plain words: what did not happen, and why. */
export function mcpErrorText(intl: IntlShape, doing: string, error: unknown): string {
  const why = (text: string) =>
    intl.formatMessage({ id: 'settingsError.why' }, { doing, why: text });
  if (error instanceof ZodError)
    return why(
      schemaWords(
        intl,
        error.issues[0]?.message ?? intl.formatMessage({ id: 'settingsError.field' }),
      ),
    );
  if (error instanceof ApiError && error.status === 401)
    return why(intl.formatMessage({ id: 'mcp.error.adminOnly' }));
  // The relay's own words otherwise (a 403 names the setting that refused it).
  return why(error instanceof Error ? error.message : String(error));
}

/**
 * What every user shares on a server, said where its tools are enabled: the server is the
 * operator's, not a user's.
 */
export const SHARED_SERVER_TEXT: MessageId = 'mcp.shared';
