import { scrubSecrets } from '../../secrets/secret-scrub.ts';

/** The longest diagnostic of the tracing SDK kept in a log line (characters). */
const MAX_DIAGNOSTIC_CHARS = 300;

/** What a failed trace export is logged with: nothing the collector chose. */
export interface ExportFailure {
  /** The error's class (`OTLPExporterError`, `Error`), or `unknown`. */
  error: string;
  /** The collector's HTTP status, when it answered. */
  status?: number;
  /** Node's error code of a failed connection (`ECONNREFUSED`, `ETIMEDOUT`). */
  code?: string;
}

const NAME = /^[A-Za-z][\w.]{0,60}$/;
const ERRNO = /^E[A-Z0-9_]{1,30}$/;

/**
 * A failed export as the log may show it: its error's name and the collector's HTTP status (or
 * the connection's error code), never its message or body. A collector's reason phrase and body
 * are its own words, and one that echoes its request says back `OTEL_EXPORTER_OTLP_HEADERS`.
 * Pure.
 */
export function exportFailure(err: unknown): ExportFailure {
  if (typeof err !== 'object' || err === null) return { error: 'unknown' };
  const { name, code } = err as { name?: unknown; code?: unknown };
  const failure: ExportFailure = {
    error: typeof name === 'string' && NAME.test(name) ? name : 'unknown',
  };
  if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599)
    failure.status = code;
  else if (typeof code === 'string' && ERRNO.test(code)) failure.code = code;
  return failure;
}

/**
 * A diagnostic of the tracing SDK made fit for the log: the collector headers' values (and any
 * key-shaped word) taken out, then cut. Pure.
 */
export function diagnosticText(parts: readonly unknown[], headers: Record<string, string>): string {
  const text = parts.map((p) => (typeof p === 'string' ? p : String(p))).join(' ');
  return scrubSecrets(text, Object.values(headers)).slice(0, MAX_DIAGNOSTIC_CHARS);
}
