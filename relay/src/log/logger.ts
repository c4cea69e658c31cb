import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { readEnv, type Env } from '../env/read-env.ts';

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
 * Level rubric: `error` = a request or turn failed and a human should look; `warn` = degraded
 * but served; `info` = once per lifecycle transition (listening, session opened/closed, turn
 * done); `debug` = per message or provider call; `trace` = per audio frame.
 * Never log tokens, tickets, resume secrets, API keys or audio.
 */
const root: Logger = pino({
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
});

/** A named logger for one subsystem, e.g. `logger('relay:asr')`. */
export function logger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ name, ...bindings });
}

export type { Logger };
