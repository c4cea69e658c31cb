import { z } from 'zod';
import { envNumber } from '../../env/env-fields.ts';
import { readEnv, type Env } from '../../env/read-env.ts';
import { parseStdioCommands, type StdioCommand } from './stdio-commands.ts';
import {
  canSwitchUsers,
  getent,
  resolveStdioUser,
  type Lookup,
  type StdioUser,
} from './stdio-user.ts';

const seconds = (meaning: string, def: number) =>
  envNumber({ default: def, min: 0.05, max: 600, meaning });

const envSchema = z.object({
  /**
   * The programs an operator may start as stdio MCP servers, comma-separated, each by its
   * absolute path with the variables it may be given in brackets
   * (`/usr/local/bin/mcp-server-memory[MEMORY_FILE_PATH]`); unset: none (HTTP servers only).
   */
  MCP_STDIO_COMMANDS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const { commands, problems } = parseStdioCommands(raw ?? '');
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return commands;
    }),
  /**
   * The user (`name`, `name:group` or `uid:gid`) stdio MCP servers run as: not the relay's, so
   * they cannot read its environment or its data folder. Unset: the relay's own user.
   */
  MCP_STDIO_USER: z.string().optional(),
  MCP_CALL_TIMEOUT_S: seconds('seconds an MCP tool call may take, connecting included', 15),
  MCP_CONNECT_TIMEOUT_S: seconds('seconds to connect to an MCP server and list its tools', 10),
  MCP_MAX_RESPONSE_KB: envNumber({
    default: 1024,
    min: 16,
    max: 65_536,
    integer: true,
    meaning:
      'kilobytes read at most of an MCP server’s answer to one request (an HTTP response, one event of a stream, one stdio message)',
  }),
});

export interface McpConfig {
  /**
   * Programs a stdio server may be started with (exact match), each with the variables it may be
   * given; empty: stdio servers refused.
   */
  stdioCommands: readonly StdioCommand[];
  /** A tool call's deadline (ms), connecting to its server included. */
  callTimeoutMs: number;
  /** Connecting to a server and listing its tools (ms). */
  connectTimeoutMs: number;
  /**
   * Bytes read at most of a server's answer to one request: an HTTP response as a whole, any one
   * event of an event stream, one stdio message. Past it reading stops and the call fails.
   */
  maxResponseBytes: number;
  /** `MCP_STDIO_USER`: who stdio servers run as; null: the relay's own user. */
  stdioUser: StdioUser | null;
}

/** Reads the MCP settings (blank = unset); throws listing every problem. */
export function loadMcpConfig(
  env: Env,
  lookup: Lookup = getent,
  switchUsers: () => boolean = canSwitchUsers,
): McpConfig {
  const e = readEnv(envSchema, env, 'MCP servers');
  let stdioUser: StdioUser | null = null;
  if (e.MCP_STDIO_USER !== undefined) {
    const { user, problem } = resolveStdioUser(e.MCP_STDIO_USER, lookup);
    const own = process.getuid?.();
    const fix =
      problem ??
      (own !== user?.uid && !switchUsers()
        ? `the relay (uid ${String(own)}) may not start a program as another user: run it as root, or give it CAP_SETUID and CAP_SETGID (see docs/configuring.md, MCP servers)`
        : null);
    if (fix !== null) throw new Error(`Invalid MCP servers configuration: MCP_STDIO_USER: ${fix}`);
    stdioUser = user;
  }
  return {
    stdioUser,
    stdioCommands: e.MCP_STDIO_COMMANDS,
    callTimeoutMs: Math.round(e.MCP_CALL_TIMEOUT_S * 1000),
    connectTimeoutMs: Math.round(e.MCP_CONNECT_TIMEOUT_S * 1000),
    maxResponseBytes: e.MCP_MAX_RESPONSE_KB * 1024,
  };
}
