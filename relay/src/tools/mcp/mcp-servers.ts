import { randomBytes } from 'node:crypto';
import {
  mcpServerInput,
  type McpServerInput,
  type McpServerSettings,
  type McpServersResponse,
  type McpToolToggle,
} from '@parley/shared';
import { describeError, RelayError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { SecretBox } from '../../secrets/secret-box.ts';
import type { BreakerOptions } from '../../breaker/circuit-breaker.ts';
import type { McpServersStore, StoredMcpServer } from '../../storage/mcp-servers.ts';
import type { ToolSource } from '../tool.ts';
import type { McpConfig } from './mcp-config.ts';
import { McpServerSlot } from './mcp-server-slot.ts';
import { McpTools } from './mcp-tools.ts';
import {
  openEndpoint,
  parseStored,
  sealInput,
  serializeStored,
  reviewedOf,
  withTool,
  type StoredConfig,
} from './stored-server.ts';
import { stdioRefusal } from './stdio-commands.ts';
import { serverPrefix } from './tool-names.ts';
import { userPseudonym } from './user-pseudonym.ts';

export interface McpServersDeps {
  store: McpServersStore;
  /** Seals and opens tokens and environments; null: none can be saved (jwt without a key). */
  box: SecretBox | null;
  config: McpConfig;
  /** The relay's breaker policy, applied to each server's own breaker. */
  breaker: Omit<BreakerOptions, 'now'>;
  /** How often the database is checked for servers another relay changed (ms). */
  pollMs: number;
  now: () => number;
  log: Logger;
}

/** The most servers a relay keeps (each may be a process): more is a mistake, not a plan. */
const MAX_SERVERS = 20;

/**
 * The MCP servers an operator added (issue 48): stored (secrets sealed), picked up from the
 * database when another relay changed them (polled), each with its connection and breaker; the
 * enabled tools served to turns by {@link tools}.
 */
export class McpServers {
  /** The enabled tools, for turns. */
  readonly tools: ToolSource;
  private slots = new Map<string, McpServerSlot>();
  private version: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private poller: NodeJS.Timeout | null = null;
  private stopped = false;

  /** The names of the built-in tools turns have (an MCP tool of one of these is never used). */
  private builtinNames: ReadonlySet<string> = new Set();

  constructor(private readonly d: McpServersDeps) {
    this.tools = new McpTools(
      () => this.slots.values(),
      (name) => this.builtinNames.has(name),
    );
  }

  /**
   * Tells the built-in tools' names (none when `BUILTIN_TOOLS=false`): a turn keeps the built-in
   * of a name, so an MCP tool called the same is shown as shadowed, and not offered.
   */
  setBuiltinNames(names: Iterable<string>): void {
    this.builtinNames = new Set(names);
  }

  /** Loads the stored servers (none connects yet) and starts watching for changes. */
  async start(): Promise<void> {
    const { stdioCommands, stdioUser } = this.d.config;
    if (stdioCommands.length > 0 && stdioUser === null)
      this.d.log.warn(
        { uid: process.getuid?.() },
        process.getuid?.() === 0
          ? 'stdio MCP servers run as root, as the relay: they can read every file and process; set MCP_STDIO_USER'
          : 'stdio MCP servers run as the relay’s user: they can read its data folder (database, settings key); set MCP_STDIO_USER',
      );
    await this.refresh();
    this.poller = setInterval(
      () =>
        void this.refresh().catch((err: unknown) =>
          this.d.log.warn({ err: describeError(err) }, 'checking for changed MCP servers failed'),
        ),
      this.d.pollMs,
    );
    this.poller.unref();
  }

  /** Stops watching and closes every connection (stdio servers' processes end). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.queue;
    await Promise.all([...this.slots.values()].map((s) => s.close()));
    this.slots.clear();
  }

  /**
   * Every server as it now is. Servers never asked yet are asked for their tools first (each
   * within the connect deadline, together), so the operator sees them.
   */
  async view(signal: AbortSignal = new AbortController().signal): Promise<McpServersResponse> {
    const idle = [...this.slots.values()].filter((s) => s.idle && s.breaker.state !== 'open');
    // A request given up on (the page went away) still gets its answer; nobody reads it.
    await Promise.all(idle.map((s) => s.listTools(signal).catch(() => null)));
    return this.snapshot();
  }

  /**
   * Adds a server (secrets sealed), then asks it for its tools: the answer shows them, or why it
   * could not be reached. A stdio program not in `MCP_STDIO_COMMANDS`, or a variable not listed
   * beside it there, is refused (403).
   */
  async add(raw: McpServerInput, signal: AbortSignal): Promise<McpServersResponse> {
    const input = mcpServerInput.parse(raw);
    const refusal =
      input.transport === 'stdio'
        ? stdioRefusal(this.d.config.stdioCommands, input.command, Object.keys(input.env))
        : null;
    if (refusal !== null) throw RelayError.forbidden(refusal);
    const id = await this.serially(async () => {
      if (this.slots.size >= MAX_SERVERS)
        throw RelayError.invalidSettings([`a relay keeps at most ${MAX_SERVERS} MCP servers`]);
      const prefix = serverPrefix(input.name);
      if ([...this.slots.values()].some((s) => serverPrefix(s.record.name) === prefix))
        throw RelayError.invalidSettings([
          `a server's tools already start with "${prefix}_": give this one another name`,
        ]);
      const id = `mcp-${randomBytes(6).toString('hex')}`;
      const config = sealInput(id, input, this.d.box);
      await this.d.store.add({ id, name: input.name, config: serializeStored(config) });
      this.d.log.info(
        { server: id, name: input.name, transport: input.transport },
        'MCP server added',
      );
      await this.apply();
      return id;
    });
    await this.slots
      .get(id)
      ?.listTools(signal)
      .catch(() => null);
    return this.snapshot();
  }

  /** Removes a server: its connection closes, its tools leave the next turns. */
  remove(id: string): Promise<McpServersResponse> {
    return this.serially(async () => {
      if (!(await this.d.store.remove(id))) throw notFound();
      this.d.log.info({ server: id }, 'MCP server removed');
      await this.apply();
      return this.snapshot();
    });
  }

  /**
   * Enables a tool as the server lists it now (what the operator sees is what the model will be
   * told), or disables it. Applies from the next turn.
   */
  async setTool(
    id: string,
    toggle: McpToolToggle,
    signal: AbortSignal,
  ): Promise<McpServersResponse> {
    const slot = this.slots.get(id);
    if (!slot) throw notFound();
    const listed = toggle.enabled ? await slot.listTools(signal) : null;
    return this.serially(async () => {
      const current = this.slots.get(id)?.record.config;
      if (!current) throw notFound();
      let next: StoredConfig;
      if (toggle.enabled) {
        const tool = listed?.find((t) => t.name === toggle.name);
        if (!tool)
          throw RelayError.notFound(
            listed === null
              ? 'The server could not be reached to read this tool: try again once it answers.'
              : `The server has no tool "${toggle.name}".`,
          );
        next = withTool(current, toggle.name, reviewedOf(tool));
      } else next = withTool(current, toggle.name, null);
      if (!(await this.d.store.update(id, serializeStored(next)))) throw notFound();
      this.d.log.info(
        { server: id, tool: toggle.name, enabled: toggle.enabled },
        toggle.enabled ? 'MCP tool enabled' : 'MCP tool disabled',
      );
      await this.apply();
      return this.snapshot();
    });
  }

  /**
   * Changes what users may do with a server's tools (`readOnlyForUsers`): applies from the next
   * turn, its connection kept.
   */
  settings(id: string, settings: McpServerSettings): Promise<McpServersResponse> {
    return this.serially(async () => {
      const current = this.slots.get(id)?.record.config;
      if (!current) throw notFound();
      const next: StoredConfig = { ...current };
      if (settings.readOnlyForUsers) next.usersReadOnly = true;
      else delete next.usersReadOnly;
      if (!(await this.d.store.update(id, serializeStored(next)))) throw notFound();
      this.d.log.info(
        { server: id, readOnlyForUsers: settings.readOnlyForUsers },
        'MCP server’s settings changed',
      );
      await this.apply();
      return this.snapshot();
    });
  }

  /** Closes the server's breaker, connects again and lists its tools. */
  async reconnect(id: string, signal: AbortSignal): Promise<McpServersResponse> {
    const slot = this.slots.get(id);
    if (!slot) throw notFound();
    this.d.log.info({ server: id }, 'MCP server reconnected by the operator');
    await slot.reconnect(signal);
    return this.snapshot();
  }

  /** The servers, as the operator sees them (no secret). */
  snapshot(): McpServersResponse {
    return {
      servers: [...this.slots.values()].map((s) => s.view((n) => this.builtinNames.has(n))),
      stdioCommands: this.d.config.stdioCommands.map((c) => ({
        command: c.command,
        envNames: [...c.envNames],
      })),
    };
  }

  /** Checks the database for servers changed here or by another relay, and applies them. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      const version = await this.d.store.version();
      if (version !== this.version) await this.apply();
    });
  }

  /**
   * Makes the slots those of the stored rows: new ones made, removed ones closed, changed ones
   * replaced — unless only their enabled tools changed (the connection is kept).
   */
  private async apply(): Promise<void> {
    if (this.stopped) return;
    const version = await this.d.store.version();
    const rows = await this.d.store.list();
    const next = new Map<string, McpServerSlot>();
    const closing: McpServerSlot[] = [];
    for (const row of rows) {
      const old = this.slots.get(row.id);
      if (old && old.record.updatedAt === row.updatedAt) {
        next.set(row.id, old);
        continue;
      }
      const slot = this.slotOf(row, old);
      if (!slot) continue;
      next.set(row.id, slot);
      if (old && old !== slot) closing.push(old);
    }
    for (const [id, old] of this.slots) if (!next.has(id)) closing.push(old);
    this.slots = next;
    this.version = version;
    await Promise.all(closing.map((s) => s.close()));
  }

  /** The slot for `row`: `old` given the new tools when only those changed, else a new one. */
  private slotOf(row: StoredMcpServer, old: McpServerSlot | undefined): McpServerSlot | null {
    const config = parseStored(row.config);
    if (!config) {
      this.d.log.error({ server: row.id }, 'a stored MCP server is not readable: ignored');
      return null;
    }
    if (old && JSON.stringify(old.record.config.endpoint) === JSON.stringify(config.endpoint)) {
      old.record.config = config;
      old.record.updatedAt = row.updatedAt;
      return old;
    }
    const endpoint = openEndpoint(row.id, config, this.d.box);
    if (!endpoint)
      this.d.log.error(
        { server: row.id },
        'a stored MCP server’s token or environment cannot be read (SETTINGS_KEY differs from the one that saved it): add it again',
      );
    return new McpServerSlot(
      {
        id: row.id,
        name: row.name,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        config,
        endpoint,
      },
      {
        config: this.d.config,
        breaker: this.d.breaker,
        now: this.d.now,
        log: this.d.log,
        userFor: (serverId, userId) => userPseudonym(this.d.box, serverId, userId),
      },
    );
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const notFound = () => RelayError.notFound('No such MCP server.');
