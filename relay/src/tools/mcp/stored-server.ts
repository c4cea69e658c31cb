/**
 * An MCP server as stored (its token and environment values sealed) and as used (opened). A
 * secret goes from the operator to the database sealed, and from the database to the server
 * opened; neither a view nor a log ever holds one.
 */
import { z } from 'zod';
import type { McpServerInput } from '@parley/shared';
import { RelayError } from '../../errors.ts';
import type { SecretBox } from '../../secrets/secret-box.ts';

/**
 * What the operator reviewed of a tool when they enabled it: turns offer the tool as it was then
 * (no connection needed to offer it), and a server that changed it since has it held back.
 */
const reviewedTool = z.object({
  fingerprint: z.string(),
  title: z.string().optional(),
  description: z.string(),
  inputSchema: z.looseObject({ type: z.literal('object') }),
  annotations: z.object({
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  }),
});
export type ReviewedTool = z.infer<typeof reviewedTool>;

const storedConfig = z.object({
  v: z.literal(1),
  endpoint: z.discriminatedUnion('transport', [
    z.object({
      transport: z.literal('http'),
      url: z.string(),
      /** The bearer token, sealed (`SecretBox`). */
      token: z.string().optional(),
    }),
    z.object({
      transport: z.literal('stdio'),
      command: z.string(),
      args: z.array(z.string()),
      envNames: z.array(z.string()),
      /** The environment's values, as JSON, sealed; absent when none were given. */
      env: z.string().optional(),
    }),
  ]),
  /** The tools the operator enabled, by the server's name for each, as they reviewed them. */
  enabled: z.record(z.string(), reviewedTool),
  /** Users may call only its read-only tools (absent: false, as stored before issue 60). */
  usersReadOnly: z.boolean().optional(),
});
export type StoredConfig = z.infer<typeof storedConfig>;

/** How to reach a server, its secrets opened. */
export type McpEndpoint =
  | { transport: 'http'; url: string; token?: string }
  | { transport: 'stdio'; command: string; args: string[]; env: Record<string, string> };

/** What a sealed secret is bound to: copied into another server's row, it does not open. */
const contextOf = (id: string, what: 'token' | 'env') => `mcp/${id}/${what}`;

/**
 * The config to store for a server the operator adds, its secrets sealed. Without a box (jwt
 * mode without `SETTINGS_KEY`) a secret is refused, naming `SETTINGS_KEY`.
 */
export function sealInput(id: string, input: McpServerInput, box: SecretBox | null): StoredConfig {
  const seal = (plain: string, what: 'token' | 'env') => {
    if (!box) throw RelayError.settingsKeyMissing();
    return box.seal(plain, contextOf(id, what));
  };
  if (input.transport === 'http')
    return {
      v: 1,
      endpoint: {
        transport: 'http',
        url: input.url,
        ...(input.token === undefined ? {} : { token: seal(input.token, 'token') }),
      },
      enabled: {},
      ...(input.readOnlyForUsers === true ? { usersReadOnly: true } : {}),
    };
  const env = input.env ?? {};
  const envNames = Object.keys(env).sort();
  return {
    v: 1,
    endpoint: {
      transport: 'stdio',
      command: input.command,
      args: input.args ?? [],
      envNames,
      ...(envNames.length === 0 ? {} : { env: seal(JSON.stringify(env), 'env') }),
    },
    enabled: {},
    ...(input.readOnlyForUsers === true ? { usersReadOnly: true } : {}),
  };
}

/** Parses the stored JSON; null when it is not ours (the caller logs it). */
export function parseStored(json: string): StoredConfig | null {
  try {
    const parsed = storedConfig.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function serializeStored(config: StoredConfig): string {
  return JSON.stringify(config);
}

const envValues = z.record(z.string(), z.string());

/**
 * The endpoint with its secrets opened, or null when a secret does not open (no box, or another
 * `SETTINGS_KEY` sealed it): the server cannot be reached until it is added again.
 */
export function openEndpoint(
  id: string,
  config: StoredConfig,
  box: SecretBox | null,
): McpEndpoint | null {
  const open = (sealed: string, what: 'token' | 'env') =>
    box?.open(sealed, contextOf(id, what)) ?? null;
  const e = config.endpoint;
  if (e.transport === 'http') {
    if (e.token === undefined) return { transport: 'http', url: e.url };
    const token = open(e.token, 'token');
    return token === null ? null : { transport: 'http', url: e.url, token };
  }
  let env: Record<string, string> = {};
  if (e.env !== undefined) {
    const opened = open(e.env, 'env');
    if (opened === null) return null;
    const parsed = envValues.safeParse(JSON.parse(opened));
    if (!parsed.success) return null;
    env = parsed.data;
  }
  return { transport: 'stdio', command: e.command, args: e.args, env };
}

/** `config` with tool `name` enabled as `reviewed`, or disabled (null). */
export function withTool(
  config: StoredConfig,
  name: string,
  reviewed: ReviewedTool | null,
): StoredConfig {
  const others = Object.entries(config.enabled).filter(([n]) => n !== name);
  return {
    ...config,
    enabled: Object.fromEntries(reviewed === null ? others : [...others, [name, reviewed]]),
  };
}

/** What is kept of a tool the operator enables: all they reviewed, without its name. */
export function reviewedOf(tool: ReviewedTool & { name: string }): ReviewedTool {
  return {
    fingerprint: tool.fingerprint,
    ...(tool.title === undefined ? {} : { title: tool.title }),
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations,
  };
}

/** The secrets of an endpoint, to scrub from anything shown or logged. */
export function secretsOf(endpoint: McpEndpoint | null): string[] {
  if (!endpoint) return [];
  if (endpoint.transport === 'http') return endpoint.token === undefined ? [] : [endpoint.token];
  return Object.values(endpoint.env).filter((v) => v.length >= 4);
}
