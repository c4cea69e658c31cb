import { describe, expect, it } from 'vitest';
import { parseDsn, type SentryDsn } from './dsn.ts';
import { forwardedReport, parseEnvelope, serializeEnvelope } from './envelope.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (lines: string[]) => encoder.encode(lines.join('\n'));
const DSN = 'https://pk@o1.ingest.sentry.io/42';
const dsn = parseDsn(DSN) as SentryDsn;

describe('an envelope', () => {
  it('is read with items by line and by length (a payload may hold newlines)', () => {
    const parsed = parseEnvelope(
      bytes([
        '{"event_id":"e1"}',
        '{"type":"event"}',
        '{"message":"x"}',
        '{"type":"attachment","length":4}',
        'a\nbc',
        '',
      ]),
    );
    expect(parsed?.header).toEqual({ event_id: 'e1' });
    expect(parsed?.items.map((i) => [i.header.type, decoder.decode(i.payload)])).toEqual([
      ['event', '{"message":"x"}'],
      ['attachment', 'a\nbc'],
    ]);
  });

  it('is written back with each length, and reads the same', () => {
    const envelope = parseEnvelope(bytes(['{}', '{"type":"event"}', '{"m":"é"}']));
    expect(envelope).not.toBeNull();
    const written = serializeEnvelope(envelope!);
    expect(decoder.decode(written)).toBe('{}\n{"type":"event","length":10}\n{"m":"é"}\n');
    expect(parseEnvelope(written)?.items[0]?.header).toEqual({ type: 'event', length: 10 });
  });

  it.each([
    ['not JSON', ['hello']],
    ['an item without a type', ['{}', '{"length":2}', 'ab']],
    ['a length past the end', ['{}', '{"type":"event","length":99}', '{}']],
  ])('is refused when it holds %s', (_, lines) => {
    expect(parseEnvelope(bytes(lines))).toBeNull();
  });
});

describe("what of a page's report goes on", () => {
  const report = (header: object, ...items: [object, string][]) =>
    bytes([JSON.stringify(header), ...items.flatMap(([h, p]) => [JSON.stringify(h), p])]);

  it('is its error events scrubbed and its client reports, under a reduced header', () => {
    const out = forwardedReport(
      report(
        { event_id: 'e1', dsn: DSN, sdk: { name: 'sentry.javascript.browser' }, trace: { t: 1 } },
        [{ type: 'event' }, JSON.stringify({ message: 'x', extra: { said: 'hello' } })],
        [{ type: 'client_report' }, '{"discarded_events":[]}'],
        [{ type: 'replay_event' }, '{}'],
        [{ type: 'session' }, '{}'],
      ),
      dsn,
    );
    expect(out.ok).toBe(true);
    if (!out.ok || !out.envelope) throw new Error('nothing forwarded');
    expect(out.envelope.header).toEqual({
      event_id: 'e1',
      dsn: DSN,
      sdk: { name: 'sentry.javascript.browser' },
    });
    expect(out.envelope.items.map((i) => [i.header, decoder.decode(i.payload)])).toEqual([
      [{ type: 'event' }, '{"message":"x"}'],
      [{ type: 'client_report' }, '{"discarded_events":[]}'],
    ]);
  });

  it('is nothing when no item may go on, or an event is not shaped as one', () => {
    const out = forwardedReport(
      report({ dsn: DSN }, [{ type: 'event' }, '{"message":42}'], [{ type: 'attachment' }, 'x']),
      dsn,
    );
    expect(out).toEqual({ ok: true, envelope: null });
  });

  it('is refused for another project or key', () => {
    for (const other of ['https://pk@o1.ingest.sentry.io/43', 'https://xx@o1.ingest.sentry.io/42'])
      expect(forwardedReport(report({ dsn: other }, [{ type: 'event' }, '{}']), dsn)).toEqual({
        ok: false,
        error: "The report is not for this relay's error-tracking project.",
      });
    expect(forwardedReport(report({}, [{ type: 'event' }, '{}']), dsn).ok).toBe(false);
  });
});
