import { describe, expect, it } from 'vitest';
import { newTraceId, traceId } from './wire-fields.ts';

describe('newTraceId', () => {
  it('is a W3C trace id: 32 hex, random, valid on the wire', () => {
    const ids = new Set(Array.from({ length: 100 }, newTraceId));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId.safeParse(id).success).toBe(true);
    }
  });
});
