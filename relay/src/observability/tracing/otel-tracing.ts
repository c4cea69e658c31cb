import { randomBytes } from 'node:crypto';
import type { DiagLogger, Span } from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../../log/logger.ts';
import { diagnosticText, exportFailure } from './export-failure.ts';
import { traceparent, w3cTraceId } from './trace-ids.ts';
import type { TracingConfig } from './tracing-config.ts';
import type {
  SpanAttributes,
  StageSpan,
  Tracing,
  TurnTrace,
  TurnTraceStart,
} from './turn-trace.ts';

/** Longest wait for the last spans' export when the relay stops (ms): within its drain. */
const SHUTDOWN_EXPORT_MS = 1_000;

/** The tracer's name and version, as traces show them (`otel.scope.*`). */
const SCOPE = 'parley-relay';

/**
 * Root spans take the trace id the turn was given (the page-visible one) rather than a random
 * one: the SDK asks its id generator for a root span's trace id, synchronously, as the span is
 * started, so the next root's id is set just before. Span ids stay random.
 */
class TurnIds implements IdGenerator {
  next: string | null = null;
  generateTraceId(): string {
    const id = this.next ?? randomBytes(16).toString('hex');
    this.next = null;
    return id;
  }
  generateSpanId(): string {
    return randomBytes(8).toString('hex');
  }
}

/**
 * Starts OpenTelemetry's tracing SDK for `config` (loaded only now: a relay without
 * `OTEL_EXPORTER_OTLP_ENDPOINT` never loads it), exporting over OTLP/HTTP (JSON) in batches.
 * Nothing is registered globally: no library is instrumented, and several relays in one process
 * (the tests) each keep their own.
 */
export async function startOtel(
  config: TracingConfig & { tracesUrl: string },
  log?: Logger,
): Promise<Tracing> {
  const api = await import('@opentelemetry/api');
  const sdk = await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { setGlobalErrorHandler } = await import('@opentelemetry/core');
  if (log) {
    // A failed export (a collector down or refusing) reaches the SDK's error handler, whose own
    // way is to log the whole error: the collector's reason phrase and body with it, which may
    // echo the headers it was sent. Only its name and status are logged, a warning each.
    setGlobalErrorHandler((err) => log.warn(exportFailure(err), 'trace export failed'));
    api.diag.setLogger(diagnostics(log, config.headers), api.DiagLogLevel.ERROR);
  }
  const ids = new TurnIds();
  const provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    idGenerator: ids,
    sampler:
      config.sampleRatio >= 1
        ? new sdk.AlwaysOnSampler()
        : new sdk.TraceIdRatioBasedSampler(config.sampleRatio),
    spanProcessors: [
      new sdk.BatchSpanProcessor(
        new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers }),
        { scheduledDelayMillis: config.scheduleDelayMs },
      ),
    ],
  });
  const tracer = provider.getTracer(SCOPE);
  const SAMPLED = api.TraceFlags.SAMPLED;

  /** A stage span of `span` (the turn's), whose provider requests carry its context. */
  const stageOf = (span: Span): StageSpan => {
    const ctx = span.spanContext();
    let ended = false;
    return {
      traceparent: traceparent(ctx.traceId, ctx.spanId, (ctx.traceFlags & SAMPLED) !== 0),
      set: (attributes) => span.setAttributes(attributes),
      event: (name, atMs) => span.addEvent(name, atMs),
      end: (atMs, failure) => {
        if (ended) return;
        ended = true;
        if (failure !== undefined)
          span.setStatus({ code: api.SpanStatusCode.ERROR, message: failure });
        span.end(atMs);
      },
    };
  };

  return {
    startTurn(start: TurnTraceStart): TurnTrace {
      const traceId = w3cTraceId(start.traceId);
      ids.next = traceId;
      const root = tracer.startSpan(
        'turn',
        { startTime: start.startMs, attributes: turnAttributes(start) },
        api.ROOT_CONTEXT,
      );
      ids.next = null;
      const parent = api.trace.setSpan(api.ROOT_CONTEXT, root);
      const turn = stageOf(root);
      return {
        traceId,
        stage: (name, attributes, startMs) =>
          stageOf(
            tracer.startSpan(
              name,
              {
                kind: api.SpanKind.INTERNAL,
                ...(startMs === undefined ? {} : { startTime: startMs }),
                ...(attributes ? { attributes } : {}),
              },
              parent,
            ),
          ),
        end: (outcome, attributes, atMs) => {
          root.setAttributes({ ...attributes, 'parley.turn.outcome': outcome });
          turn.end(atMs, outcome === 'failed' || outcome === 'crashed' ? outcome : undefined);
        },
      };
    },
    // What is left goes out, but a collector that does not answer holds up no shutdown.
    shutdown: () =>
      Promise.race([
        provider.shutdown(),
        new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_EXPORT_MS).unref()),
      ]),
  };
}

function turnAttributes(start: TurnTraceStart): SpanAttributes {
  return {
    'parley.session_id': start.sessionId,
    'parley.turn_id': start.turnId,
    'parley.turn.input': start.input,
    // The id the latency panel shows, as the page made it (an older page's is 16 hex).
    'parley.trace_id': start.traceId,
  };
}

/** The SDK's other diagnostics as the relay's log lines (errors only), scrubbed. */
function diagnostics(log: Logger, headers: Record<string, string>): DiagLogger {
  const warn = (message: string, ...args: unknown[]) =>
    log.warn({ detail: diagnosticText([message, ...args], headers) }, 'tracing problem');
  const ignore = () => undefined;
  return { error: warn, warn, info: ignore, debug: ignore, verbose: ignore };
}
