import { z } from 'zod';
import { readEnv, type Env } from '../env/read-env.ts';
import { parseDsn, type SentryDsn } from './dsn.ts';

const envSchema = z.object({
  /**
   * Sentry DSN: the relay reports its errors there, and the web app its own (forwarded by the
   * relay). Unset = no error tracking: nothing is sent, the SDKs are not even loaded.
   */
  SENTRY_DSN: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return null;
      const dsn = parseDsn(raw);
      if (!('error' in dsn)) return dsn;
      // The value is not echoed: it may hold a legacy secret key.
      ctx.addIssue({ code: 'custom', message: dsn.error });
      return z.NEVER;
    }),
  /** The environment events are filed under (`production`, `staging`); Sentry's default when unset. */
  SENTRY_ENVIRONMENT: z
    .string()
    .regex(/^[^\s/]{1,64}$/, 'at most 64 characters, no spaces or slashes')
    .optional(),
  /** The release events are filed under (a version or commit); none when unset. */
  SENTRY_RELEASE: z
    .string()
    .regex(/^[^\s/]{1,200}$/, 'at most 200 characters, no spaces or slashes')
    .optional(),
});

/** Where errors are reported (`SENTRY_*`); `dsn` null = error tracking off. */
export interface ErrorTrackingConfig {
  dsn: SentryDsn | null;
  environment: string | undefined;
  release: string | undefined;
}

/** Reads the error-tracking settings; throws one error listing every problem. */
export function loadErrorTrackingConfig(env: Env): ErrorTrackingConfig {
  const e = readEnv(envSchema, env, 'error tracking');
  return { dsn: e.SENTRY_DSN, environment: e.SENTRY_ENVIRONMENT, release: e.SENTRY_RELEASE };
}
