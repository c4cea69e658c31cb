import { pino, type DestinationStream, type Logger } from 'pino';
import { z } from 'zod';
import { readEnv, type Env } from '../env/read-env.ts';
import { LogBus } from './log-bus.ts';

const levelSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NODE_ENV: z.string().optional(),
});

/** `LOG_LEVEL` (blank = unset): default `info`, `silent` under tests. */
export function logLevelFrom(env: Env): string {
  const e = readEnv(levelSchema, env, 'log');
  return e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info');
}

/**
 * Every line the relay writes, as written (redacted), for the live log tail (`GET /ws/logs`):
 * the root logger writes each line to stdout and to this bus, which never makes it wait.
 */
export const logBus = new LogBus();

/**
 * Where pino writes when given no destination, so that stdout gets exactly what it did before
 * the tail: fd 1 through sonic-boom, or `process.stdout` itself when something (a test runner)
 * has wrapped its `write`.
 */
function stdoutDestination(): DestinationStream {
  const stdout = process.stdout;
  const wrapped = Object.hasOwn(stdout, 'write');
  return wrapped ? stdout : pino.destination({ fd: 1 });
}

/**
 * Level rubric: `error` = a request or turn failed and a human should look; `warn` = degraded
 * but served; `info` = once per lifecycle transition (listening, session opened/closed, turn
 * done); `debug` = per message or provider call; `trace` = per audio frame.
 * Never log tokens, tickets, resume secrets, API keys or audio.
 */
const root: Logger = pino(
  {
    level: logLevelFrom(process.env),
    base: { pid: process.pid },
    redact: {
      paths: [
        'token',
        'ticket',
        'secret',
        'resumeSecret',
        'apiKey',
        'authorization',
        '*.token',
        '*.secret',
        '*.apiKey',
        '*.*.apiKey',
        'settingsKey',
        '*.settingsKey',
      ],
      censor: '[redacted]',
    },
  },
  // Both take every line the level lets through (`LOG_LEVEL` decides, not these).
  pino.multistream([
    { level: 'trace', stream: stdoutDestination() },
    { level: 'trace', stream: logBus },
  ]),
);

/** The level the relay logs at (`LOG_LEVEL`): nothing below it is written, to stdout or the tail. */
export function currentLogLevel(): string {
  return root.level;
}

/** A named logger for one subsystem, e.g. `logger('relay:asr')`. */
export function logger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ name, ...bindings });
}

export type { Logger };
