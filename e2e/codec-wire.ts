import type { Page } from '@playwright/test';

/** What travelled on the page's WebSocket, by codec (the frame header's flags, bit 0: Opus). */
export interface CodecWire {
  /** Microphone frames sent, and their bytes (WebSocket payloads), per codec. */
  up: { opus: number; pcm16: number; bytes: number };
  /** Reply-audio frames received, and their bytes, per codec. */
  down: { opus: number; pcm16: number; bytes: number };
  /** The codecs each `ready` named (none: the relay was offered none). */
  ready: unknown[];
}

/** The frame header's flags (bytes 2–3, little-endian; see shared/src/protocol/codec.ts). */
const isOpus = (payload: Buffer) => (payload.readUInt16LE(2) & 1) === 1;

export function recordCodecWire(page: Page): CodecWire {
  const wire: CodecWire = {
    up: { opus: 0, pcm16: 0, bytes: 0 },
    down: { opus: 0, pcm16: 0, bytes: 0 },
    ready: [],
  };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' || payload[0] !== 1) return;
      wire.up[isOpus(payload) ? 'opus' : 'pcm16']++;
      wire.up.bytes += payload.length;
    });
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') {
        const m = JSON.parse(payload) as { type: string; codecs?: unknown };
        if (m.type === 'ready') wire.ready.push(m.codecs);
        return;
      }
      if (payload[0] !== 2) return;
      wire.down[isOpus(payload) ? 'opus' : 'pcm16']++;
      wire.down.bytes += payload.length;
    });
  });
  return wire;
}
