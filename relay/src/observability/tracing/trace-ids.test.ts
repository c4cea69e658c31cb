import { describe, expect, it } from 'vitest';
import { traceparent, w3cTraceId } from './trace-ids.ts';

describe('w3cTraceId', () => {
  it('keeps a 32-hex id as it is', () => {
    expect(w3cTraceId('4bf92f3577b34da6a3ce929d0e0e4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it("left-pads an older page's 16-hex id with zeros, as W3C asks of 64-bit ids", () => {
    expect(w3cTraceId('a3ce929d0e0e4736')).toBe('0000000000000000a3ce929d0e0e4736');
  });

  it('hashes any other id to 32 hex, the same each time', () => {
    const id = w3cTraceId('talk-7');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(w3cTraceId('talk-7')).toBe(id);
    expect(w3cTraceId('talk-8')).not.toBe(id);
    expect(w3cTraceId('A3CE929D0E0E4736')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('never gives the all-zero id W3C holds invalid', () => {
    expect(w3cTraceId('0'.repeat(16))).not.toBe('0'.repeat(32));
    expect(w3cTraceId('0'.repeat(32))).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });
});

describe('traceparent', () => {
  it('is version 00 with the sampled flag', () => {
    expect(traceparent('0'.repeat(31) + '1', '00f067aa0ba902b7', true)).toBe(
      '00-00000000000000000000000000000001-00f067aa0ba902b7-01',
    );
    expect(traceparent('1'.repeat(32), '2'.repeat(16), false)).toMatch(/-00$/);
  });
});
