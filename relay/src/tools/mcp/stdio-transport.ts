import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { McpAnswerTooLarge } from './bounded-fetch.ts';
import type { StdioUser } from './stdio-user.ts';

export interface StdioServerOptions {
  command: string;
  args: readonly string[];
  /** The operator's variables (checked against `MCP_STDIO_COMMANDS` before). */
  env: Readonly<Record<string, string>>;
  /** `MCP_STDIO_USER`: the user and group it runs as; null: the relay's own. */
  user: StdioUser | null;
  /** Bytes of one message (a line) read at most: past it the server is stopped. */
  maxMessageBytes: number;
  /** What it writes on stderr, as it comes. */
  onStderr: (text: string) => void;
}

/** How long a server is given to end once its stdin closed, then after SIGTERM (ms). */
const END_GRACE_MS = 2000;

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * MCP over a child process's stdin and stdout, as the SDK's `StdioClientTransport`, but started
 * as `MCP_STDIO_USER` when one is set (issue 60, item 4): the SDK's takes no user, and a server
 * running as the relay's user reads the relay's environment (`/proc/<relay>/environ`) and its
 * database. Its environment is the few variables every program needs (`HOME`, `USER` and
 * `LOGNAME` those of its user) and the operator's; its folder its user's home, or `/`.
 */
export class StdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly buffer: ReadBuffer;

  constructor(private readonly o: StdioServerOptions) {
    this.buffer = new ReadBuffer({ maxBufferSize: o.maxMessageBytes });
  }

  /** The child's process id once started (tests, logs). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('the stdio server was already started');
    const { user } = this.o;
    const env: Record<string, string> = { ...getDefaultEnvironment() };
    let cwd: string | undefined;
    if (user) {
      // Its user's names and home, not the relay's (written as data: these are not settings).
      const home = user.home !== null && isFolder(user.home) ? user.home : null;
      Object.assign(env, { USER: user.name, LOGNAME: user.name }, home ? { HOME: home } : {});
      if (!home) delete env.HOME;
      cwd = home ?? '/';
    }
    Object.assign(env, this.o.env);
    return new Promise((resolve, reject) => {
      const child = spawn(this.o.command, [...this.o.args], {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        ...(cwd === undefined ? {} : { cwd }),
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
      });
      this.child = child;
      child.once('error', (err) => {
        reject(err);
        this.onerror?.(err);
      });
      child.once('spawn', () => resolve());
      child.once('close', () => {
        if (this.child === child) this.child = null;
        this.onclose?.();
      });
      child.stdin.on('error', (err) => this.onerror?.(err));
      child.stdout.on('error', (err) => this.onerror?.(err));
      child.stderr.on('data', (chunk: Buffer) => this.o.onStderr(chunk.toString('utf8')));
      child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.buffer.clear();
    const running = () => child !== null && child.exitCode === null && child.signalCode === null;
    if (!child || !running()) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const within = (ms: number) =>
      Promise.race([closed, new Promise<void>((r) => setTimeout(r, ms).unref())]);
    child.stdin.end();
    await within(END_GRACE_MS);
    if (running()) {
      child.kill('SIGTERM');
      await within(END_GRACE_MS);
    }
    if (running()) child.kill('SIGKILL');
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch {
      // A message longer than the limit: nothing more of it is read, and the server is stopped.
      this.onerror?.(new McpAnswerTooLarge(this.o.maxMessageBytes, 'answer'));
      void this.close();
      return;
    }
    for (;;) {
      try {
        const message = this.buffer.readMessage();
        if (message === null) return;
        this.onmessage?.(message);
      } catch (err) {
        this.onerror?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
