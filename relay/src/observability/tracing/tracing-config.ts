import { z } from 'zod';
import { envNumber } from '../../env/env-fields.ts';
import { readEnv, type Env } from '../../env/read-env.ts';

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

const httpUrl = z
  .string()
  .refine((raw) => /^https?:$/.test(URL.parse(raw)?.protocol ?? ''), 'must be an http(s) URL')
  .optional();

const envSchema = z.object({
  /**
   * The OTLP/HTTP collector (`http://collector:4318`): set, each turn is a trace sent to
   * `<endpoint>/v1/traces`. Unset = no tracing: the SDK is not even loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl,
  /** The full traces URL, when it is not `<endpoint>/v1/traces` (wins over the endpoint). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl,
  /** Only `http/json` (what the relay's exporter speaks); another value is refused. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .literal('http/json', { error: 'only http/json is supported' })
    .optional(),
  /** Headers for the collector (`key=value,key2=value2`, values URL-encoded): its API key. */
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const headers = raw === undefined ? {} : parseHeaders(raw);
      if (headers) return headers;
      // The value is not echoed: it holds credentials.
      ctx.addIssue({ code: 'custom', message: 'must be key=value pairs, comma-separated' });
      return z.NEVER;
    }),
  /** The service name traces are filed under. */
  OTEL_SERVICE_NAME: z.string().default('parley-relay'),
  /** Which turns are traced: every one (`always_on`, the default), none, or a ratio. */
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS).default('always_on'),
  /** The ratio of `traceidratio` samplers (0–1). */
  OTEL_TRACES_SAMPLER_ARG: envNumber({
    default: 1,
    min: 0,
    max: 1,
    meaning: 'the share of turns traced',
  }),
  /** How long finished spans wait to be sent together (ms). */
  OTEL_BSP_SCHEDULE_DELAY: envNumber({
    default: 5_000,
    min: 0,
    max: 600_000,
    integer: true,
    meaning: 'ms spans wait to be sent',
  }),
});

/** Where turns' traces go (`OTEL_*`); `tracesUrl` null = tracing off. */
export interface TracingConfig {
  tracesUrl: string | null;
  headers: Record<string, string>;
  serviceName: string;
  /** The share of turns traced (0–1). */
  sampleRatio: number;
  scheduleDelayMs: number;
}

/** Reads the tracing settings; throws one error listing every problem. */
export function loadTracingConfig(env: Env): TracingConfig {
  const e = readEnv(envSchema, env, 'tracing');
  const endpoint = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const sampler = e.OTEL_TRACES_SAMPLER.replace(/^parentbased_/, '');
  return {
    tracesUrl:
      e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
      (endpoint === undefined ? null : `${endpoint.replace(/\/+$/, '')}/v1/traces`),
    headers: e.OTEL_EXPORTER_OTLP_HEADERS,
    serviceName: e.OTEL_SERVICE_NAME,
    // A turn's trace has no parent: a parent-based sampler decides as its root sampler does.
    sampleRatio:
      sampler === 'always_on' ? 1 : sampler === 'always_off' ? 0 : e.OTEL_TRACES_SAMPLER_ARG,
    scheduleDelayMs: e.OTEL_BSP_SCHEDULE_DELAY,
  };
}

/** `key=value,key2=value2` (values URL-encoded, as OTLP's variables have them); null: malformed. */
function parseHeaders(raw: string): Record<string, string> | null {
  const headers: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key)) return null;
    try {
      headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return null;
    }
  }
  return headers;
}
