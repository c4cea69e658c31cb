import { describe, expect, it } from 'vitest';
import { diagnosticText, exportFailure } from './export-failure.ts';

/** The shape of the OTLP exporter's error for a collector's non-2xx answer. */
class OTLPExporterError extends Error {
  override name = 'OTLPExporterError';
  constructor(
    message: string,
    readonly code: number,
    readonly data: string,
  ) {
    super(message);
  }
}

describe('exportFailure', () => {
  it('keeps the error name and the HTTP status, not the reason phrase or the body', () => {
    const echoed = new OTLPExporterError(
      'Bad request from Bearer collector-secret',
      400,
      '{"authorization":"Bearer collector-secret"}',
    );
    expect(exportFailure(echoed)).toEqual({ error: 'OTLPExporterError', status: 400 });
    expect(JSON.stringify(exportFailure(echoed))).not.toContain('collector-secret');
  });

  it("keeps a failed connection's error code", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), {
      code: 'ECONNREFUSED',
    });
    expect(exportFailure(refused)).toEqual({ error: 'Error', code: 'ECONNREFUSED' });
  });

  it('names nothing it cannot vouch for', () => {
    expect(exportFailure('Bearer collector-secret')).toEqual({ error: 'unknown' });
    expect(exportFailure(null)).toEqual({ error: 'unknown' });
    const odd = { name: 'Bearer collector-secret', code: 'Bearer collector-secret' };
    expect(exportFailure(odd)).toEqual({ error: 'unknown' });
    expect(exportFailure({ name: 'Error', code: 4000 })).toEqual({ error: 'Error' });
  });
});

describe('diagnosticText', () => {
  it("takes out the collector headers' values, however quoted, and cuts the text", () => {
    const headers = { 'x-api-key': 'k3y/with=chars', authorization: 'Bearer tok-123456' };
    const text = diagnosticText(
      ['export failed:', '{"x-api-key":"k3y/with=chars","q":"k3y%2Fwith%3Dchars"}', 42],
      headers,
    );
    expect(text).not.toContain('k3y');
    expect(text).not.toContain('tok-123456');
    expect(text).toContain('export failed:');
    expect(text).toContain('42');
    expect(diagnosticText(['x'.repeat(1000)], {}).length).toBe(300);
  });
});
