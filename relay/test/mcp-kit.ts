/**
 * Real MCP servers from npm for the tests (issue 48): `@modelcontextprotocol/server-everything`
 * over stdio and over streamable HTTP, `@modelcontextprotocol/server-memory` over stdio, started
 * from the relay's devDependencies (their own `bin`s); and a proxy in front of an HTTP one that
 * wants a bearer token, remembers what it was sent, and can break results.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mcpServersResponse } from '@parley/shared';
import { logger, type Logger } from '../src/log/logger.ts';
import { SecretBox } from '../src/secrets/secret-box.ts';
import { freePort } from './relay-process.ts';
import { openStorage, type Storage } from '../src/storage/index.ts';
import type { McpConfig } from '../src/tools/mcp/mcp-config.ts';
import { McpServers, type McpServersDeps } from '../src/tools/mcp/mcp-servers.ts';
import type { ToolContext } from '../src/tools/tool.ts';

const bin = (name: string) =>
  fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** The everything server's own command (stdio by default; `streamableHttp` as its argument). */
export const EVERYTHING = bin('mcp-server-everything');
/** The memory server's own command (a knowledge graph in `MEMORY_FILE_PATH`). */
export const MEMORY = bin('mcp-server-memory');

export interface EverythingHttp {
  /** Its MCP endpoint, `http://127.0.0.1:<port>/mcp`. */
  url: string;
  port: number;
  /** Kills the process at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** server-everything over streamable HTTP, as its README starts it (`… streamableHttp`). */
export async function startEverythingHttp(): Promise<EverythingHttp> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const c = spawn(EVERYTHING, ['streamableHttp'], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    await new Promise<void>((resolve, reject) => {
      let said = '';
      c.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('listening on port')) resolve();
      });
      c.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${said}`)));
    });
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `http://127.0.0.1:${port}/mcp`, port, kill, restart: start, close: kill };
}

export interface McpProxy {
  url: string;
  /** Every `Authorization` header it was sent, in order (absent ones as null). */
  authorizations: (string | null)[];
  /** The JSON-RPC methods of the requests it passed on, in order. */
  methods: string[];
  /** The methods of those the server began to answer (it took them). */
  taken: string[];
  close(): Promise<void>;
}

/**
 * A reverse proxy in front of an HTTP MCP server, as a deployment's gateway: with `token`, it
 * answers 401 to any request without `Authorization: Bearer <token>`; with `breakResults`, the
 * answer to a `tools/call` comes back with `content` that is not a list (a broken server). The
 * rest, SSE answers included, streams through.
 */
export async function startMcpProxy(
  target: string,
  options: { token?: string; breakResults?: boolean } = {},
): Promise<McpProxy> {
  const to = new URL(target);
  const authorizations: (string | null)[] = [];
  const methods: string[] = [];
  const taken: string[] = [];
  const server: Server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? null);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = /"method":"([^"]+)"/.exec(body.toString())?.[1];
      if (method) methods.push(method);
      const tamper = options.breakResults === true && method === 'tools/call';
      const upstream = request(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: to.host },
        },
        (answer) => {
          if (method) taken.push(method);
          if (!tamper) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            // A server that dies mid-answer cuts the client's answer too, as a gateway does.
            answer.on('error', () => res.destroy());
            answer.on('close', () => {
              if (!answer.complete) res.destroy();
            });
            return;
          }
          const got: Buffer[] = [];
          answer.on('data', (c: Buffer) => got.push(c));
          answer.on('end', () => {
            const headers = { ...answer.headers };
            delete headers['content-length'];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(Buffer.concat(got).toString().replaceAll('"content":[', '"content":7,"x":['));
          });
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${to.pathname}`,
    authorizations,
    methods,
    taken,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface McpHarness {
  servers: McpServers;
  /** What `servers` was made with: another McpServers on the same database (a restart). */
  deps: McpServersDeps;
  storage: Storage;
  /** The clock the breakers read (epoch ms); tests move it. */
  clock: { now: number };
  dir: string;
  close(): Promise<void>;
}

/**
 * McpServers on a fresh SQLite file, with the relay's breaker policy (3 failures, 10 s), a
 * clock the test moves, and `config` over stdio commands of the everything server (given
 * `GREETING`) and the memory server (given `MEMORY_FILE_PATH`).
 */
export async function startMcp(
  config: Partial<McpConfig> = {},
  options: { log?: Logger } = {},
): Promise<McpHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-mcp-'));
  const storage = await openStorage({ sqlitePath: join(dir, 'parley.db') });
  const clock = { now: Date.now() };
  const deps: McpServersDeps = {
    store: storage.mcpServers,
    box: new SecretBox(randomBytes(32)),
    config: {
      stdioCommands: [
        { command: EVERYTHING, envNames: ['GREETING'] },
        { command: MEMORY, envNames: ['MEMORY_FILE_PATH'] },
      ],
      callTimeoutMs: 10_000,
      connectTimeoutMs: 10_000,
      maxResponseBytes: 1024 * 1024,
      stdioUser: null,
      ...config,
    },
    breaker: { failureThreshold: 3, cooldownMs: 10_000 },
    pollMs: 60_000,
    now: () => clock.now,
    log: options.log ?? logger('test:mcp'),
  };
  const servers = new McpServers(deps);
  await servers.start();
  return {
    servers,
    deps,
    storage,
    clock,
    dir,
    close: async () => {
      await servers.stop();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a tool runs with in these tests: `signal` aborts it. */
export function toolContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return { userId: 'dev:local', sessionId: 's1', signal, now: Date.now };
}

/** The id of the server named `name` in `servers`' view. */
export function serverId(servers: McpServers, name: string): string {
  const found = servers.snapshot().servers.find((s) => s.name === name);
  if (!found) throw new Error(`no server ${name}`);
  return found.id;
}

/**
 * Adds an MCP server to `relay` as an operator does (dev mode: `POST /api/admin/mcp/servers`)
 * and enables its tools `names`: the name the model calls each by (`<server>_<tool>`).
 */
export async function addMcpServer(
  relay: { url: string },
  server:
    | { transport: 'stdio'; name: string; command: string }
    | { transport: 'http'; name: string; url: string },
  names: readonly string[],
): Promise<Record<string, string>> {
  const send = (path: string, method: string, body: unknown) => sendJson(relay, path, method, body);
  const added = mcpServersResponse.parse(await send('/api/admin/mcp/servers', 'POST', server));
  const id = added.servers.find((s) => s.name === server.name)?.id ?? '';
  const modelNames: Record<string, string> = {};
  for (const name of names) {
    const enabled = mcpServersResponse.parse(
      await send(`/api/admin/mcp/servers/${id}/tools`, 'PUT', { name, enabled: true }),
    );
    const tool = enabled.servers.find((s) => s.id === id)?.tools?.find((t) => t.name === name);
    if (!tool) throw new Error(`${server.name} has no tool ${name}`);
    modelNames[name] = tool.modelName;
  }
  return modelNames;
}

/** Sends `body` to the relay's `path` as JSON (dev mode: the local user); its JSON answer. */
export async function sendJson(
  relay: { url: string },
  path: string,
  method: string,
  body: unknown,
): Promise<unknown> {
  const res = await fetch(`${relay.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const answer: unknown = await res.json();
  return answer;
}
