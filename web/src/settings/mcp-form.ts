import type { McpServerInput, McpServerView, McpStdioCommand, McpToolView } from '@parley/shared';
import { ZodError } from 'zod';
import { ApiError } from '../net/api.ts';

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
  form: McpForm,
): { ok: true; input: McpServerInput } | { ok: false; error: string } {
  const name = form.name.trim();
  if (name === '') return { ok: false, error: 'Give the server a name.' };
  if (form.transport === 'http') {
    if (form.url.trim() === '') return { ok: false, error: 'Give the server’s address.' };
    const token = form.token.trim();
    return {
      ok: true,
      input: { transport: 'http', name, url: form.url.trim(), ...(token ? { token } : {}) },
    };
  }
  if (form.command === '') return { ok: false, error: 'Choose the command that starts it.' };
  const env: Record<string, string> = {};
  for (const line of lines(form.env)) {
    const eq = line.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${line}" is not NAME=value.` };
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return {
    ok: true,
    input: { transport: 'stdio', name, command: form.command, args: lines(form.args), env },
  };
}

/** Which variables the chosen program may be given (its operator lists them beside it). */
export function envHint(command: McpStdioCommand | undefined): string {
  if (!command || command.envNames.length === 0)
    return 'This program may be given no variables (MCP_STDIO_COMMANDS lists none for it).';
  return `This program may be given ${command.envNames.join(', ')}.`;
}

/** How it is reached, on one line: its address, or its command and arguments. */
export function endpointText(server: McpServerView): string {
  if (server.transport === 'http')
    return `${server.url ?? ''}${server.tokenSet ? ' · bearer token set' : ''}`;
  const env = server.envNames?.length ? ` · environment: ${server.envNames.join(', ')}` : '';
  return `${[server.command ?? '', ...(server.args ?? [])].join(' ')}${env}`;
}

/**
 * Where the server stands, in words: its connection, and its breaker when it skips it (until
 * when, in `timeOf`'s words: the browser's clock is not the relay's).
 */
export function serverStateText(
  server: McpServerView,
  timeOf: (epochMs: number) => string = (t) => new Date(t).toLocaleTimeString(),
): string {
  const { connection, breaker } = server;
  const state = {
    idle: 'not connected yet (it connects when first needed)',
    connected: 'connected',
    failed: 'failing',
    refused: 'refused by this relay',
  }[connection.state];
  const said = connection.message ? `: ${connection.message}` : '';
  let skipped = '';
  if (breaker.state === 'open') {
    const until = breaker.retryAtMs === null ? '' : ` until ${timeOf(breaker.retryAtMs)}`;
    skipped = ` Its tools are skipped${until} (${breaker.consecutiveFailures} failures in a row).`;
  } else if (breaker.state === 'half-open') skipped = ' Its next call is a trial.';
  return `${state[0]?.toUpperCase() ?? ''}${state.slice(1)}${said}.${skipped}`.replace('..', '.');
}

/**
 * What a tool does to the world, and whether it waits for review or is left out, in a few
 * words. `usersReadOnly`: its server lets users call only its read-only tools.
 */
export function toolNote(tool: McpToolView, usersReadOnly = false): string {
  if (usersReadOnly && !tool.readOnly)
    return 'not read-only: never offered, since users may call only this server’s read-only tools';
  const effect = tool.readOnly
    ? 'read-only'
    : tool.annotations.destructiveHint === false
      ? 'changes things (the user confirms first)'
      : 'may change or delete things (the user confirms first)';
  if (tool.shadowed)
    return `${effect} · shadowed by a built-in: the assistant’s own ${tool.modelName} is used, never this one (give the server another name)`;
  return tool.changed ? `${effect} · changed since enabled: review and enable it again` : effect;
}

/** A failed request about MCP servers, in plain words: what did not happen, and why. */
export function mcpErrorText(doing: string, error: unknown): string {
  if (error instanceof ZodError)
    return `${doing}: ${error.issues[0]?.message ?? 'a field is not filled in as it should be'}`;
  if (error instanceof ApiError && error.status === 401)
    return `${doing}: only an admin can change the assistant’s tools (in /ops, with the admin token).`;
  // The relay's own words otherwise (a 403 names the setting that refused it).
  return `${doing}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * What every user shares on a server, said where its tools are enabled: the server is the
 * operator's, not a user's.
 */
export const SHARED_SERVER_TEXT =
  'Shared by every user: what one user stores with its tools, another can find, unless the server keeps users apart by the user it is told (a pseudonym per server, in the call’s _meta and, over HTTP, a Parley-User header).';
