import { createHash } from 'node:crypto';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZEROS32 = '0'.repeat(32);

/**
 * The W3C trace id (32 lowercase hex) of a turn whose page-visible id is `traceId`: the id itself
 * when it is one (the pages' ids since tracing came); a 16-hex id of an older page left-padded
 * with zeros, as the W3C trace-context spec asks of 64-bit ids, so that the latency panel's id is
 * still found in the trace's (as its last 16 characters); anything else (a terminal client's own
 * id, upper case, an all-zero id, which W3C holds invalid) the first 16 bytes of its SHA-256, the
 * same every time, the id kept on the turn's span as `parley.trace_id`.
 */
export function w3cTraceId(traceId: string): string {
  const lower = traceId.toLowerCase();
  const id = HEX32.test(traceId)
    ? traceId
    : HEX16.test(traceId)
      ? traceId.padStart(32, '0')
      : createHash('sha256').update(traceId).digest('hex').slice(0, 32);
  if (id !== ZEROS32) return id;
  return createHash('sha256').update(lower).digest('hex').slice(0, 32);
}

/** A `traceparent` header (W3C trace-context, version 00) for a span of trace `traceId`. */
export function traceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
