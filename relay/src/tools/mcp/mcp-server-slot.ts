import type { McpConnectionState, McpServerView, McpToolView } from '@parley/shared';
import type { Logger } from '../../log/logger.ts';
import { scrubSecrets } from '../../secrets/secret-scrub.ts';
import { CircuitBreaker, type BreakerOptions } from '../../breaker/circuit-breaker.ts';
import type { ToolContext, ToolResult } from '../tool.ts';
import type { McpConfig } from './mcp-config.ts';
import { McpConnection, type McpToolInfo } from './mcp-connection.ts';
import {
  failureKind,
  failureResult,
  mcpFailure,
  operatorWords,
  type McpFailureKind,
} from './mcp-failure.ts';
import { toolResultOf } from './mcp-result.ts';
import { opsWords } from './ops-words.ts';
import {
  secretsOf,
  type McpEndpoint,
  type ReviewedTool,
  type StoredConfig,
} from './stored-server.ts';
import { modelToolName } from './tool-names.ts';
import { USER_META } from './user-pseudonym.ts';

/** A server's row as the slot was made from (its config parsed, its secrets opened). */
export interface SlotRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  config: StoredConfig;
  /** Null: a secret of it does not open with this relay's `SETTINGS_KEY`. */
  endpoint: McpEndpoint | null;
}

export interface SlotDeps {
  config: McpConfig;
  /** The relay's breaker policy (`BREAKER_FAILURES`, `BREAKER_COOLDOWN_S`). */
  breaker: Omit<BreakerOptions, 'now'>;
  now: () => number;
  log: Logger;
  /** Who a call is for, as this server is told it (a pseudonym); null: no user is told. */
  userFor: (serverId: string, userId: string) => string | null;
}

/** What the log keeps of what a failing server or its transport said (characters). */
const LOG_EXCERPT_CHARS = 300;

/** Failures after which the connection is dropped: the next call connects afresh. */
const DROPS: ReadonlySet<McpFailureKind> = new Set([
  'closed',
  'unreachable',
  'malformed',
  'too-large',
]);

/** An HTTP status a server answers a request of a session it no longer knows (it restarted). */
const staleSession = (err: unknown) =>
  err instanceof Error && 'code' in err && (err.code === 404 || err.code === 400);

/**
 * One MCP server at run time: its connection, its own circuit breaker (the relay's policy),
 * its tools as last listed, and what happened last — for turns (its enabled tools, their calls)
 * and for the operator (its view).
 */
export class McpServerSlot {
  readonly breaker: CircuitBreaker;
  private readonly connection: McpConnection | null;
  private live: McpToolInfo[] | null = null;
  private state: McpConnectionState = 'idle';
  private message: string | null = null;
  private atMs: number | null = null;
  private calls = 0;
  private failures = 0;
  private readonly secrets: string[];

  constructor(
    readonly record: SlotRecord,
    private readonly d: SlotDeps,
  ) {
    this.breaker = new CircuitBreaker({ ...d.breaker, now: d.now });
    this.secrets = secretsOf(record.endpoint);
    this.connection = record.endpoint
      ? new McpConnection({
          endpoint: record.endpoint,
          stdioCommands: d.config.stdioCommands,
          connectTimeoutMs: d.config.connectTimeoutMs,
          maxResponseBytes: d.config.maxResponseBytes,
          stdioUser: d.config.stdioUser,
          onToolsChanged: (tools) => {
            this.live = tools;
            d.log.info({ server: record.id, tools: tools.length }, 'MCP server’s tools changed');
          },
          log: d.log,
        })
      : null;
    if (!record.endpoint)
      this.fail(
        'failed',
        'Its token or environment cannot be read with this SETTINGS_KEY: remove it and add it again.',
      );
  }

  get id(): string {
    return this.record.id;
  }

  /** The server's tools as last listed (null: not yet). */
  get tools(): readonly McpToolInfo[] | null {
    return this.live;
  }

  /** Whether it was never asked (its tools not listed, no call made). */
  get idle(): boolean {
    return this.state === 'idle';
  }

  /**
   * The tools a turn may call: those the operator enabled, as they reviewed them, minus any the
   * server has changed or dropped since (held back until enabled again). None while its breaker
   * is open (skipped) or its secrets cannot be read.
   */
  enabledTools(): { name: string; reviewed: ReviewedTool }[] {
    if (!this.connection || this.breaker.state === 'open') return [];
    return Object.entries(this.record.config.enabled)
      .filter(([name, reviewed]) => !this.heldBack(name, reviewed) && this.allowed(reviewed))
      .map(([name, reviewed]) => ({ name, reviewed }));
  }

  /** Whether users may call a tool of this server: any, or only read-only ones (its setting). */
  private allowed(reviewed: ReviewedTool): boolean {
    return this.record.config.usersReadOnly !== true || reviewed.annotations.readOnlyHint === true;
  }

  /** Lists the server's tools (connecting first if needed); counted by its breaker. */
  async listTools(signal: AbortSignal): Promise<readonly McpToolInfo[] | null> {
    if (!this.connection) return null;
    try {
      this.live = await this.connection.listTools(
        AbortSignal.any([signal, AbortSignal.timeout(this.d.config.connectTimeoutMs)]),
      );
      this.breaker.success();
      this.ok();
    } catch (err) {
      if (signal.aborted) throw err;
      this.failed(failureKind(err, false), err);
    }
    return this.live;
  }

  /**
   * Calls tool `name` within the call deadline (`MCP_CALL_TIMEOUT_S`, connecting included),
   * ended early by `context.signal` (then it rejects with the signal's reason). A failure is a
   * typed error turned into a result the model reads (`isError`) whose summary is the user's
   * plain sentence; a server that keeps failing is skipped by its breaker.
   */
  async call(
    name: string,
    args: Record<string, unknown>,
    context: ToolContext,
  ): Promise<ToolResult> {
    const modelName = modelToolName(this.record.name, name);
    const at = { server: this.record.name, timeoutMs: this.d.config.callTimeoutMs };
    const reviewed = this.record.config.enabled[name];
    if (!this.connection || !reviewed)
      return failureResult(mcpFailure('refused', null, at), modelName);
    if (!this.allowed(reviewed))
      return failureResult(mcpFailure('users-read-only', null, at), modelName);
    if (!this.breaker.tryAcquire()) {
      const retryAtMs = this.breaker.snapshot().retryAtMs;
      const retry = retryAtMs === null ? {} : { retryInMs: Math.max(0, retryAtMs - this.d.now()) };
      return failureResult(mcpFailure('skipped', null, { ...at, ...retry }), modelName);
    }
    this.calls++;
    this.atMs = this.d.now();
    const deadline = AbortSignal.timeout(this.d.config.callTimeoutMs);
    const signal = AbortSignal.any([context.signal, deadline]);
    try {
      // A new connection lists first: a tool the server changed since it was reviewed (now not
      // read-only, say) is not called on the strength of the old review.
      if (!this.connection.connected || this.live === null)
        this.live = await this.connection.listTools(signal);
      if (this.heldBack(name, reviewed)) {
        this.breaker.success();
        return failureResult(mcpFailure('changed', null, at), modelName);
      }
      const user = this.d.userFor(this.record.id, context.userId);
      const result = await this.callOnce(
        name,
        args,
        signal,
        user === null ? undefined : { [USER_META]: user },
      );
      this.breaker.success();
      this.ok();
      return toolResultOf(result);
    } catch (err) {
      if (context.signal.aborted) {
        // The user moved on: nothing is known of the server.
        this.breaker.release();
        throw context.signal.reason;
      }
      const failure = this.failed(failureKind(err, deadline.aborted), err);
      return failureResult(failure, modelName);
    }
  }

  /** Closes the breaker, drops the connection and lists the tools again (the operator asked). */
  async reconnect(signal: AbortSignal): Promise<void> {
    this.breaker.reset();
    await this.connection?.drop();
    this.live = null;
    await this.listTools(signal);
  }

  /**
   * What the operator sees: how it is reached (no secret), its state, breaker and tools;
   * `shadowed` tells a tool's model name that a built-in tool has.
   */
  view(shadowed: (modelName: string) => boolean = () => false): McpServerView {
    const { record } = this;
    const e = record.config.endpoint;
    const snapshot = this.breaker.snapshot();
    return {
      id: record.id,
      name: record.name,
      transport: e.transport,
      ...(e.transport === 'http'
        ? { url: e.url, tokenSet: e.token !== undefined }
        : { command: e.command, args: e.args, envNames: e.envNames, tokenSet: false }),
      readOnlyForUsers: record.config.usersReadOnly === true,
      connection: { state: this.state, message: this.message, atMs: this.atMs },
      breaker: {
        state: snapshot.state,
        consecutiveFailures: snapshot.consecutiveFailures,
        retryAtMs: snapshot.retryAtMs,
      },
      calls: this.calls,
      failures: this.failures,
      tools: this.toolViews(shadowed),
      createdAt: record.createdAt,
    };
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }

  /** Calls once; again on a fresh connection when a reused one's session is gone (not run). */
  private async callOnce(
    name: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    meta: Record<string, unknown> | undefined,
  ) {
    if (!this.connection) throw new Error('no connection');
    const timeoutMs = this.d.config.callTimeoutMs;
    try {
      return (await this.connection.callTool(name, args, signal, timeoutMs, meta)).result;
    } catch (err) {
      // The server restarted since the last call: it refused the request (the tool did not
      // run), so one more try on a new session is safe.
      if (!staleSession(err) || signal.aborted) throw err;
      await this.connection.drop();
      this.live = await this.connection.listTools(signal);
      return (await this.connection.callTool(name, args, signal, timeoutMs, meta)).result;
    }
  }

  /** Whether enabled tool `name` is held back: listed, and changed or gone since reviewed. */
  private heldBack(name: string, reviewed: ReviewedTool): boolean {
    if (this.live === null) return false;
    return this.live.find((t) => t.name === name)?.fingerprint !== reviewed.fingerprint;
  }

  private toolViews(shadowed: (modelName: string) => boolean): McpToolView[] | null {
    const enabled = this.record.config.enabled;
    const view = (name: string, t: ReviewedTool, changed: boolean): McpToolView => ({
      name,
      modelName: modelToolName(this.record.name, name),
      shadowed: shadowed(modelToolName(this.record.name, name)),
      ...(t.title === undefined ? {} : { title: t.title }),
      description: t.description,
      inputSchema: t.inputSchema,
      annotations: t.annotations,
      readOnly: t.annotations.readOnlyHint === true,
      enabled: enabled[name] !== undefined,
      changed,
    });
    if (this.live === null) {
      const reviewed = Object.entries(enabled);
      return reviewed.length === 0 ? null : reviewed.map(([n, t]) => view(n, t, false));
    }
    const live = this.live.map((t) => view(t.name, t, this.heldBack(t.name, enabled[t.name] ?? t)));
    // Enabled tools the server no longer lists stay in sight (held back), to be disabled.
    const gone = Object.entries(enabled)
      .filter(([n]) => !this.live?.some((t) => t.name === n))
      .map(([n, t]) => view(n, t, true));
    return [...live, ...gone];
  }

  private ok(): void {
    this.state = 'connected';
    this.message = null;
    this.atMs = this.d.now();
  }

  private fail(state: McpConnectionState, message: string): void {
    this.state = state;
    this.message = message;
    this.atMs = this.d.now();
  }

  /** Records a failure: the breaker's due, the connection dropped where it is broken, a log. */
  private failed(kind: McpFailureKind, err: unknown) {
    const failure = mcpFailure(kind, err, {
      server: this.record.name,
      timeoutMs: this.d.config.callTimeoutMs,
    });
    const wasOpen = this.breaker.state === 'open';
    if (failure.countsAgainstServer) {
      this.breaker.failure();
      this.failures++;
    } else if (kind === 'refused') this.breaker.release();
    else this.breaker.success();
    if (DROPS.has(kind)) void this.connection?.drop();
    // What the server or the transport said goes to the log only, its secrets removed and cut:
    // `/ops` says it in the relay's words.
    const said = scrubSecrets(operatorWords(err), this.secrets).slice(0, LOG_EXCERPT_CHARS);
    if (kind === 'refused')
      this.fail('refused', err instanceof Error ? err.message : 'This relay does not start it.');
    else if (failure.countsAgainstServer) {
      const words = opsWords(kind, err, this.record.config.endpoint.transport);
      this.fail('failed', words ? `${failure.error.message} ${words}` : failure.error.message);
    }
    this.d.log.warn({ server: this.record.id, kind, err: said }, 'MCP server call failed');
    if (!wasOpen && this.breaker.snapshot().state === 'open')
      this.d.log.warn(
        { server: this.record.id, retryAtMs: this.breaker.snapshot().retryAtMs },
        'MCP server keeps failing: its tools are skipped until its breaker lets a call through',
      );
    return failure;
  }
}
