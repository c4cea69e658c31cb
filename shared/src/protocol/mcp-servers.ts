import { z } from 'zod';
import { CREDENTIALS_IN_ADDRESS, urlHasCredentials } from './assistant-settings.ts';
import { breakerState } from './status.ts';

/**
 * Shapes of the MCP servers an operator adds (issue 48): `GET /api/admin/mcp`,
 * `POST /api/admin/mcp/servers`, `DELETE /api/admin/mcp/servers/:id`,
 * `PUT /api/admin/mcp/servers/:id/tools` and `POST /api/admin/mcp/servers/:id/reconnect`, each
 * answering every server as it now is ({@link McpServersResponse}). Allowed as the provider
 * settings are: the bearer of `ADMIN_TOKEN`, and in dev mode the local user on loopback.
 *
 * A bearer token and the values of a stdio server's environment go to the relay only: a view
 * says whether a token is set and names the variables, never their values.
 */

/** What the operator calls a server: shown in /ops, and the start of its tools' names. */
const serverName = z
  .string()
  .trim()
  .min(1, 'Give the server a name.')
  .max(40, 'A server’s name is at most 40 characters.');

/** An environment variable's name, as a shell writes one. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'An environment variable’s name is letters, digits, _.');

/** A server over streamable HTTP, with an optional bearer token (sent as `Authorization`). */
export const mcpHttpServerInput = z.strictObject({
  transport: z.literal('http'),
  name: serverName,
  url: z
    .url({
      protocol: /^https?$/,
      error: 'The server’s address should look like https://mcp.example.com/mcp (http or https).',
    })
    .max(500)
    .refine((url) => !urlHasCredentials(url), { error: CREDENTIALS_IN_ADDRESS }),
  /** Sent as `Authorization: Bearer …` on every request to the server; never sent back. */
  token: z.string().trim().min(1).max(4096).optional(),
  readOnlyForUsers: z.boolean().optional(),
});

/** A server the relay starts as a child process, speaking MCP on its stdin and stdout. */
export const mcpStdioServerInput = z.strictObject({
  transport: z.literal('stdio'),
  name: serverName,
  /**
   * The program: it must be on the relay's `MCP_STDIO_COMMANDS` list, exactly as written (an
   * absolute path).
   */
  command: z.string().trim().min(1).max(500),
  args: z.array(z.string().max(1000)).max(50).default([]),
  /**
   * Variables of the server's environment beyond the few every child gets (PATH, HOME…): often
   * a secret (an API key), so stored sealed and never sent back. Only names listed beside its
   * program in `MCP_STDIO_COMMANDS` are accepted (403 otherwise).
   */
  env: z.record(envName, z.string().max(4096)).default({}),
  readOnlyForUsers: z.boolean().optional(),
});

/** A server as the operator adds it. */
export const mcpServerInput = z.discriminatedUnion('transport', [
  mcpHttpServerInput,
  mcpStdioServerInput,
]);
export type McpServerInput = z.input<typeof mcpServerInput>;

/** What a server says of a tool's behaviour (MCP tool annotations: hints, not promises). */
export const mcpToolAnnotations = z.strictObject({
  readOnlyHint: z.boolean().optional(),
  destructiveHint: z.boolean().optional(),
  idempotentHint: z.boolean().optional(),
  openWorldHint: z.boolean().optional(),
});

/** One tool of a server, as the operator reviews it. */
export const mcpToolView = z.strictObject({
  /** The server's name for it. */
  name: z.string(),
  /** The name the language model calls it by (`<server>_<tool>`). */
  modelName: z.string(),
  title: z.string().optional(),
  description: z.string(),
  /** JSON Schema of its arguments. */
  inputSchema: z.record(z.string(), z.unknown()),
  annotations: mcpToolAnnotations,
  /** From `readOnlyHint`: absent counts as not read-only (the user confirms before it runs). */
  readOnly: z.boolean(),
  /** Offered to the language model. */
  enabled: z.boolean(),
  /**
   * Enabled, but its description, arguments or annotations changed since the operator enabled
   * it: held back until they enable it again (a server cannot change what it was trusted with).
   */
  changed: z.boolean(),
  /**
   * Its `modelName` is a built-in tool's: turns use the built-in, never this one (give the
   * server another name to use it).
   */
  shadowed: z.boolean(),
});
export type McpToolView = z.infer<typeof mcpToolView>;

/** Where a server's connection stands. */
export const mcpConnectionState = z.enum([
  /** Not asked yet (servers connect when first needed). */
  'idle',
  'connected',
  /** The last attempt, or the connection, failed: `message` says why. */
  'failed',
  /** A stdio command the relay's `MCP_STDIO_COMMANDS` does not allow. */
  'refused',
]);
export type McpConnectionState = z.infer<typeof mcpConnectionState>;

/**
 * `PUT /api/admin/mcp/servers/:id/settings`: what users may do with a server's tools. A server
 * is shared by every user (one user's data in it is another's to read, unless it keeps them
 * apart by the user it is told): `readOnlyForUsers` offers turns only the tools it marks
 * read-only (`readOnlyHint`), so no user can store anything in it for others to find.
 */
export const mcpServerSettings = z.strictObject({
  readOnlyForUsers: z.boolean(),
});
export type McpServerSettings = z.infer<typeof mcpServerSettings>;

/** One server: how it is reached (secrets left out), its connection, breaker and tools. */
export const mcpServerView = z.strictObject({
  id: z.string(),
  name: z.string(),
  transport: z.enum(['http', 'stdio']),
  url: z.string().optional(),
  /** Whether a bearer token is stored (never the token). */
  tokenSet: z.boolean(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  /** The names of the variables given to a stdio server (never their values). */
  envNames: z.array(z.string()).optional(),
  /** Turns are offered only its read-only tools ({@link mcpServerSettings}). */
  readOnlyForUsers: z.boolean(),
  connection: z.strictObject({
    state: mcpConnectionState,
    /** Why it failed or was refused, in plain words; null otherwise. */
    message: z.string().nullable(),
    /** Epoch ms of the last connection attempt or call; null: none yet. */
    atMs: z.number().nullable(),
  }),
  /** The server's own circuit breaker: open, its tools are left out of turns until `retryAtMs`. */
  breaker: z.strictObject({
    state: breakerState,
    consecutiveFailures: z.number().int().nonnegative(),
    retryAtMs: z.number().nullable(),
  }),
  calls: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  /** Its tools as last listed; null: not listed yet. */
  tools: z.array(mcpToolView).nullable(),
  createdAt: z.number(),
});
export type McpServerView = z.infer<typeof mcpServerView>;

/** A program this relay may start as a stdio server, and the variables it may be given. */
export const mcpStdioCommand = z.strictObject({
  /** Its absolute path, as a server must name it. */
  command: z.string(),
  /** The names of the variables a server started with it may be given (none: no variable). */
  envNames: z.array(z.string()),
});
export type McpStdioCommand = z.infer<typeof mcpStdioCommand>;

/** Every server, and the stdio programs this relay allows (`MCP_STDIO_COMMANDS`). */
export const mcpServersResponse = z.strictObject({
  servers: z.array(mcpServerView),
  stdioCommands: z.array(mcpStdioCommand),
});
export type McpServersResponse = z.infer<typeof mcpServersResponse>;

/** `PUT /api/admin/mcp/servers/:id/tools`: offer one tool to the model, or stop offering it. */
export const mcpToolToggle = z.strictObject({
  name: z.string().min(1).max(200),
  enabled: z.boolean(),
});
export type McpToolToggle = z.infer<typeof mcpToolToggle>;
