import { concat, scrubEvent } from '@parley/shared';
import { z } from 'zod';
import { parseDsn, publicDsn, sameProject, type SentryDsn } from './dsn.ts';

/**
 * Sentry's envelope format: a JSON header line, then items, each a JSON header line and a
 * payload — `length` bytes when the item header says so, else up to the next newline.
 */
export interface Envelope {
  header: Record<string, unknown>;
  items: { header: Record<string, unknown>; payload: Uint8Array }[];
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
const jsonObject = z.record(z.string(), z.unknown());

function readJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const parsed = jsonObject.safeParse(JSON.parse(utf8.decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The envelope in `bytes`, or null when it is not one. */
export function parseEnvelope(bytes: Uint8Array): Envelope | null {
  const lineEnd = (from: number) => {
    const at = bytes.indexOf(NEWLINE, from);
    return at < 0 ? bytes.length : at;
  };
  let end = lineEnd(0);
  const header = readJsonObject(bytes.subarray(0, end));
  if (!header) return null;
  const items: Envelope['items'] = [];
  let at = end + 1;
  while (at < bytes.length) {
    end = lineEnd(at);
    if (end === at) {
      at++;
      continue;
    }
    const itemHeader = readJsonObject(bytes.subarray(at, end));
    if (!itemHeader || typeof itemHeader.type !== 'string') return null;
    at = end + 1;
    const length = itemHeader.length;
    if (typeof length === 'number') {
      if (!Number.isInteger(length) || length < 0 || at + length > bytes.length) return null;
      items.push({ header: itemHeader, payload: bytes.subarray(at, at + length) });
      at += length + 1;
    } else {
      end = lineEnd(at);
      items.push({ header: itemHeader, payload: bytes.subarray(at, end) });
      at = end + 1;
    }
  }
  return { header, items };
}

/** `envelope` as bytes, each item's `length` set to its payload's. */
export function serializeEnvelope(envelope: Envelope): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`${JSON.stringify(envelope.header)}\n`)];
  for (const item of envelope.items) {
    const header = { ...item.header, length: item.payload.byteLength };
    parts.push(encoder.encode(`${JSON.stringify(header)}\n`), item.payload, encoder.encode('\n'));
  }
  return concat(Uint8Array, parts);
}

const str = z.string().optional();
const frame = z.looseObject({ filename: str, abs_path: str });
/** The fields of an event the scrubber reads, checked to be of the types it expects. */
const browserEvent = z.looseObject({
  message: str,
  logentry: z.looseObject({ message: str }).optional(),
  transaction: str,
  exception: z
    .looseObject({
      values: z
        .array(
          z.looseObject({
            type: str,
            value: str,
            mechanism: z
              .looseObject({ type: z.string(), handled: z.boolean().optional() })
              .optional(),
            stacktrace: z.looseObject({ frames: z.array(frame).optional() }).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  request: z
    .looseObject({ url: str, method: str, headers: z.record(z.string(), z.string()).optional() })
    .optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
  contexts: z.record(z.string(), z.record(z.string(), z.unknown()).optional()).optional(),
});

/** Item types a page's report may hold: its errors, and counts of what its SDK dropped. */
const FORWARDED_ITEMS = new Set(['event', 'client_report']);

/**
 * What of a page's report (an envelope) goes on to `dsn`'s project: refused unless it is for
 * that project; only error events (scrubbed as the relay's own are, see `scrubEvent`) and client
 * reports — no attachments, replays, traces, sessions or logs; the header reduced to the
 * event id, the SDK and the DSN (no trace context). Null items: nothing to forward.
 */
export function forwardedReport(
  bytes: Uint8Array,
  dsn: SentryDsn,
): { ok: true; envelope: Envelope | null } | { ok: false; error: string } {
  const envelope = parseEnvelope(bytes);
  if (!envelope) return { ok: false, error: 'The report is not a Sentry envelope.' };
  const claimed = typeof envelope.header.dsn === 'string' ? parseDsn(envelope.header.dsn) : null;
  if (!claimed || 'error' in claimed || !sameProject(claimed, dsn))
    return { ok: false, error: "The report is not for this relay's error-tracking project." };
  const items: Envelope['items'] = [];
  for (const item of envelope.items) {
    if (!FORWARDED_ITEMS.has(String(item.header.type))) continue;
    if (item.header.type === 'client_report') {
      items.push({ header: { type: 'client_report' }, payload: item.payload });
      continue;
    }
    const json = readJsonObject(item.payload);
    const event = browserEvent.safeParse(json);
    if (!event.success) continue;
    const scrubbed = JSON.stringify(scrubEvent(event.data));
    items.push({ header: { type: 'event' }, payload: encoder.encode(scrubbed) });
  }
  if (items.length === 0) return { ok: true, envelope: null };
  const { event_id: eventId, sent_at: sentAt, sdk } = envelope.header;
  const header = {
    ...(typeof eventId === 'string' ? { event_id: eventId } : {}),
    ...(typeof sentAt === 'string' ? { sent_at: sentAt } : {}),
    ...(sdk === undefined ? {} : { sdk }),
    dsn: publicDsn(dsn),
  };
  return { ok: true, envelope: { header, items } };
}
