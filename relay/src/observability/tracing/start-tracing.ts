import type { Logger } from '../../log/logger.ts';
import type { TracingConfig } from './tracing-config.ts';
import type { Tracing } from './turn-trace.ts';

/**
 * Turns tracing on when `config` has an endpoint: OpenTelemetry's SDK is loaded (only then) and
 * each turn is a trace from now on. Off (null): nothing is loaded, made or sent.
 */
export async function startTracing(config: TracingConfig, log: Logger): Promise<Tracing | null> {
  const { tracesUrl } = config;
  if (tracesUrl === null) return null;
  const { startOtel } = await import('./otel-tracing.ts');
  const tracing = await startOtel({ ...config, tracesUrl }, log);
  log.info(
    {
      url: new URL(tracesUrl).origin,
      service: config.serviceName,
      sampleRatio: config.sampleRatio,
    },
    'each turn is traced (OpenTelemetry)',
  );
  return tracing;
}
