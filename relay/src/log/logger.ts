import { pino, type Logger } from 'pino';

/**
 * Level rubric: `error` = a request or turn failed and a human should look; `warn` = degraded
 * but served; `info` = once per lifecycle transition (listening, session opened/closed, turn
 * done); `debug` = per message or provider call; `trace` = per audio frame.
 * Never log tokens, tickets, resume secrets, API keys or audio.
 */
const root: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
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
    ],
    censor: '[redacted]',
  },
});

/** A named logger for one subsystem, e.g. `logger('relay:asr')`. */
export function logger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return root.child({ name, ...bindings });
}

export type { Logger };
