import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, Tool as SdkTool } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolView } from '@parley/shared';
import { abortable } from '../../abortable.ts';
import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import { scrubSecrets } from '../../secrets/secret-scrub.ts';
import type { ToolInputSchema } from '../tool.ts';
import { boundedFetch, McpAnswerTooLarge } from './bounded-fetch.ts';
import { McpCommandRefused, McpConnectError } from './mcp-failure.ts';
import { stdioRefusal, type StdioCommand } from './stdio-commands.ts';
import { StdioServerTransport } from './stdio-transport.ts';
import { fetchWithUser } from './user-header.ts';
import type { StdioUser } from './stdio-user.ts';
import { secretsOf, type McpEndpoint } from './stored-server.ts';
import { toolFingerprint } from './tool-names.ts';

/** A tool as its server lists it, with the fingerprint of what an operator reviews of it. */
export interface McpToolInfo {
  name: string;
  title?: string;
  description: string;
  inputSchema: ToolInputSchema;
  annotations: McpToolView['annotations'];
  fingerprint: string;
}

/** Pages of `tools/list` read at most: a server that pages for ever is cut there. */
const MAX_PAGES = 20;
/**
 * The SDK's words for an HTTP server's event stream that broke (not one the server ended): the
 * server went away, and the calls waiting on that stream will never be answered.
 */
const BROKEN_STREAM =
  /^(SSE stream disconnected|Maximum reconnection attempts|Failed to reconnect SSE stream)/;
/** What the log keeps of a transport's error (characters). */
const LOG_EXCERPT_CHARS = 300;
/** What is kept of a stdio server's stderr, for the operator when it fails (characters). */
const STDERR_TAIL = 600;

export interface McpConnectionOptions {
  endpoint: McpEndpoint;
  /** `MCP_STDIO_COMMANDS`: the programs a stdio server may be started with, and their variables. */
  stdioCommands: readonly StdioCommand[];
  /** Connecting and the `initialize` handshake (ms). */
  connectTimeoutMs: number;
  /** Bytes read at most of one answer (an HTTP response, one event, one stdio message). */
  maxResponseBytes: number;
  /** `MCP_STDIO_USER`: who a stdio server runs as; null: the relay's own user. */
  stdioUser: StdioUser | null;
  /** The server said its tools changed; `tools` is the new list. */
  onToolsChanged: (tools: McpToolInfo[]) => void;
  log: Logger;
}

/** The hints of MCP's tool annotations, booleans only (a server may send anything). */
function hintsOf(annotations: SdkTool['annotations']): McpToolView['annotations'] {
  const out: McpToolView['annotations'] = {};
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
    if (typeof annotations?.[key] === 'boolean') out[key] = annotations[key];
  return out;
}

function infoOf(tool: SdkTool): McpToolInfo {
  const annotations = hintsOf(tool.annotations);
  const { properties, required, ...rest } = tool.inputSchema;
  const inputSchema: ToolInputSchema = {
    ...rest,
    type: 'object',
    ...(properties === undefined ? {} : { properties }),
    ...(required === undefined ? {} : { required }),
  };
  const description = tool.description ?? '';
  // The spec's order: the tool's title, else the one its annotations carried before it had one.
  const title = tool.title ?? tool.annotations?.title;
  return {
    name: tool.name,
    ...(title === undefined ? {} : { title }),
    description,
    inputSchema,
    annotations,
    fingerprint: toolFingerprint({ description, inputSchema, annotations }),
  };
}

/**
 * One MCP server's connection, made when first needed and again after it was lost: its tools
 * (kept up to date when the server says they changed) and calls to them. Knows nothing of
 * breakers or deadlines' policy: its caller gives each call a signal.
 */
export class McpConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;
  /** The end of a stdio server's stderr (what it said before it failed). */
  private stderr = '';
  /** The last answer that overran the limit (its reading stopped, the connection was cut). */
  private overran: McpAnswerTooLarge | null = null;

  constructor(private readonly o: McpConnectionOptions) {}

  /** Whether a connection is open now. */
  get connected(): boolean {
    return this.client !== null;
  }

  /** The last words of a stdio server's stderr, for the operator (empty for HTTP). */
  get stderrTail(): string {
    return this.stderr.trim();
  }

  /** The server's tools, connecting first if needed; every page of the list. */
  async listTools(signal: AbortSignal): Promise<McpToolInfo[]> {
    const client = await this.connect(signal);
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await this.sized(
        client.listTools(cursor === undefined ? {} : { cursor }, {
          signal,
          timeout: this.o.connectTimeoutMs,
        }),
      );
      tools.push(...listed.tools.map(infoOf));
      cursor = listed.nextCursor;
      if (cursor === undefined) break;
    }
    return tools;
  }

  /**
   * Calls tool `name`. `signal` ends it (a barge-in, the deadline): the server is sent MCP's
   * cancellation, and the call rejects. `timeoutMs` is the SDK's own deadline, a backstop.
   * `meta` goes as the request's `_meta` (the user it is for).
   */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    timeoutMs: number,
    meta?: Record<string, unknown>,
  ): Promise<{ result: CallToolResult; reused: boolean }> {
    const reused = this.client !== null;
    const client = await this.connect(signal);
    const params = { name, arguments: args, ...(meta === undefined ? {} : { _meta: meta }) };
    const result = await this.sized(
      client.callTool(params, undefined, {
        signal,
        timeout: timeoutMs,
        maxTotalTimeout: timeoutMs,
      }),
    );
    // `callTool` answers the protocol's result type, whose content may be of the older shape
    // (`toolResult`); a server of this protocol's versions sends `content`.
    if (!Array.isArray(result.content)) throw new SyntaxError('the result has no content');
    return { result: result as CallToolResult, reused };
  }

  /** Closes the connection (a stdio server's process ends); the next use connects again. */
  async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.close().catch(() => undefined);
  }

  /** Closes for good: nothing connects again. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connecting;
    await this.drop();
    await pending?.then((c) => c.close()).catch(() => undefined);
  }

  /**
   * `request`, failed with {@link McpAnswerTooLarge} when an answer was cut for its size
   * meanwhile: whatever the transport made of the cut (a broken stream, a closed connection),
   * that is why it failed.
   */
  private async sized<T>(request: Promise<T>): Promise<T> {
    const before = this.overran;
    try {
      return await request;
    } catch (err) {
      throw this.overran !== before && this.overran ? this.overran : err;
    }
  }

  /** An answer overran the limit: remembered for the call it answered, and the connection cut. */
  private tooLarge(err: McpAnswerTooLarge): void {
    this.overran = err;
    this.o.log.warn(
      { limitBytes: err.limitBytes, part: err.part },
      'an MCP server sent an answer past the limit: not read, connection cut',
    );
    void this.drop();
  }

  /** What an error says, for the log: the endpoint's secrets and credential-shaped words out. */
  private scrubbed(err: unknown): string {
    return scrubSecrets(describeError(err), secretsOf(this.o.endpoint)).slice(0, LOG_EXCERPT_CHARS);
  }

  /** Whether {@link close} was called (read after an await: it may have been meanwhile). */
  private isClosed(): boolean {
    return this.closed;
  }

  private connect(signal: AbortSignal): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    // One connection for every caller; a caller that gives up leaves it to the others.
    return abortable(this.connecting, signal);
  }

  private async open(): Promise<Client> {
    if (this.closed) throw new McpConnectError(new Error('the relay is stopping'));
    const transport = this.transport();
    const client = new Client(
      { name: 'parley-relay', version: '1.0.0' },
      {
        listChanged: {
          tools: {
            onChanged: (err, tools) => {
              if (err)
                this.o.log.warn({ err: this.scrubbed(err) }, 'MCP tools could not be re-listed');
              else if (tools) this.o.onToolsChanged(tools.map(infoOf));
            },
          },
        },
      },
    );
    client.onclose = () => {
      if (this.client === client) this.client = null;
    };
    client.onerror = (err) => {
      this.o.log.debug({ err: this.scrubbed(err) }, 'MCP transport error');
      // An HTTP server's event stream broke: the calls waiting on it would wait for their
      // deadline (the SDK resumes only streams that sent an event id, and a call's answer
      // rarely does) — seconds of silence for the user. Closing fails them now (the connection
      // was lost, the model is told), and the next call connects afresh.
      if (BROKEN_STREAM.test(err.message) && this.client === client) void this.drop();
      // A stdio server's message passed the limit: it was not read, and the server stops.
      if (err instanceof McpAnswerTooLarge) this.tooLarge(err);
    };
    try {
      await client.connect(transport, { timeout: this.o.connectTimeoutMs });
    } catch (err) {
      await client.close().catch(() => undefined);
      const tail = this.stderrTail;
      throw new McpConnectError(tail ? new Error(`${describeError(err)} (it said: ${tail})`) : err);
    }
    if (this.isClosed()) {
      await client.close().catch(() => undefined);
      throw new McpConnectError(new Error('the relay is stopping'));
    }
    this.client = client;
    return client;
  }

  private transport(): Transport {
    const e = this.o.endpoint;
    if (e.transport === 'http')
      return new StreamableHTTPClientTransport(new URL(e.url), {
        ...(e.token === undefined
          ? {}
          : { requestInit: { headers: { Authorization: `Bearer ${e.token}` } } }),
        fetch: boundedFetch(
          {
            maxAnswerBytes: this.o.maxResponseBytes,
            maxEventBytes: this.o.maxResponseBytes,
            onTooLarge: (err) => this.tooLarge(err),
            onRead: (bytes, method) => this.o.log.debug({ bytes, method }, 'MCP answer read'),
          },
          fetchWithUser(fetch),
        ),
      });
    // Checked again here, not only when added: the list may have shrunk since, and a server
    // saved before variables were checked may hold one that changes how its program starts.
    const refusal = stdioRefusal(this.o.stdioCommands, e.command, Object.keys(e.env));
    if (refusal !== null) throw new McpCommandRefused(refusal);
    this.stderr = '';
    // Only the few variables every program needs (PATH, HOME…), and the operator's: never the
    // relay's own environment, which holds its secrets; as MCP_STDIO_USER where one is set.
    return new StdioServerTransport({
      command: e.command,
      args: e.args,
      env: e.env,
      user: this.o.stdioUser,
      maxMessageBytes: this.o.maxResponseBytes,
      onStderr: (text) => {
        this.stderr = (this.stderr + text).slice(-STDERR_TAIL);
      },
    });
  }
}
