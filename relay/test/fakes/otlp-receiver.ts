import { startFakeHttp, type FakeHttpServer } from './fake-http.ts';

/** One span as an OTLP/HTTP JSON export carries it (the fields the tests read). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Epoch nanoseconds, as a decimal string. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, string | number | boolean>;
  events: string[];
  status?: { code?: number; message?: string };
  /** The resource's `service.name`. */
  service: string;
}

/** An OTLP attribute value: one of its typed fields. */
interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

interface ExportBody {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: AnyValue }[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'attributes' | 'events' | 'service'> & {
        attributes?: { key: string; value: AnyValue }[];
        events?: { name: string }[];
      })[];
    }[];
  }[];
}

export interface OtlpReceiver extends FakeHttpServer {
  /** Every span received so far, in the order they came. */
  spans(): ReceivedSpan[];
}

/**
 * A local OTLP/HTTP receiver, as a collector's `otlphttp` receiver: `POST /v1/traces` with the
 * JSON encoding (`http/json`) answered 200 `{}`; the spans kept for assertions. Its `url` is what
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set to.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const http = await startFakeHttp((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers['content-type'] !== 'application/json') {
      res.writeHead(415).end();
      return;
    }
    spans.push(...spansOf(JSON.parse(req.body.toString('utf8')) as ExportBody));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  return { ...http, spans: () => [...spans] };
}

function spansOf(body: ExportBody): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attributesOf(rs.resource?.attributes)['service.name']);
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        ...s,
        attributes: attributesOf(s.attributes),
        events: (s.events ?? []).map((e) => e.name),
        service,
      })),
    );
  });
}

function attributesOf(
  list: { key: string; value: AnyValue }[] | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (v !== undefined)
      out[key] = typeof v === 'string' && value.intValue !== undefined ? Number(v) : v;
  }
  return out;
}
