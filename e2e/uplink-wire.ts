import type { Page } from '@playwright/test';

/** What the page sent on its relay WebSocket that matters to the uplink's continuity. */
export type UplinkEvent =
  | { kind: 'audio'; seq: number; turnId: number }
  | { kind: 'start'; turnId: number; firstSeq: number }
  | { kind: 'end'; turnId: number; lastSeq: number }
  | { kind: 'cancel'; turnId: number };

export interface UplinkRecord {
  /** WebSockets the page opened (1 = no reconnect). */
  sockets: number;
  /** Session ids of the `ready` messages received. */
  sessionIds: string[];
  events: UplinkEvent[];
}

/**
 * Records, from outside the app, what goes over the page's WebSockets: microphone frames (seq
 * and turn from the binary header laid out in shared/src/protocol/codec.ts: kind at byte 0,
 * seq at 4, turnId at 8, little-endian), utterance messages, and the sessions the relay opened.
 */
export function recordUplink(page: Page): UplinkRecord {
  const record: UplinkRecord = { sockets: 0, sessionIds: [], events: [] };
  page.on('websocket', (ws) => {
    record.sockets++;
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') {
        if (payload.length >= 20 && payload[0] === 1)
          record.events.push({
            kind: 'audio',
            seq: payload.readUInt32LE(4),
            turnId: payload.readUInt32LE(8),
          });
        return;
      }
      const m = JSON.parse(payload) as {
        type: string;
        turnId: number;
        firstSeq: number;
        lastSeq: number;
      };
      if (m.type === 'utterance.start')
        record.events.push({ kind: 'start', turnId: m.turnId, firstSeq: m.firstSeq });
      else if (m.type === 'utterance.end')
        record.events.push({ kind: 'end', turnId: m.turnId, lastSeq: m.lastSeq });
      else if (m.type === 'utterance.cancel')
        record.events.push({ kind: 'cancel', turnId: m.turnId });
    });
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; sessionId?: string };
      if (m.type === 'ready' && m.sessionId) record.sessionIds.push(m.sessionId);
    });
  });
  return record;
}

/**
 * Everything wrong with an uplink, as sentences (none: it is sound). Microphone seqs only ever
 * increase (never reused); each utterance is one run of consecutive seqs from its `firstSeq` to
 * the `lastSeq` of its end (no hole the relay would count as missing audio); an utterance is
 * ended or cancelled before the next one starts, and none is left open.
 */
export function uplinkProblems(events: readonly UplinkEvent[]): string[] {
  const problems: string[] = [];
  let lastSeq = -1;
  let open: { turnId: number; nextSeq: number } | null = null;
  for (const e of events) {
    switch (e.kind) {
      case 'audio':
        if (e.seq <= lastSeq) problems.push(`seq ${e.seq} sent after seq ${lastSeq}`);
        lastSeq = Math.max(lastSeq, e.seq);
        if (open?.turnId !== e.turnId) {
          problems.push(`audio seq ${e.seq} for turn ${e.turnId}, which is not open`);
        } else {
          if (e.seq !== open.nextSeq)
            problems.push(`turn ${e.turnId}: seq ${e.seq} where ${open.nextSeq} was due`);
          open.nextSeq = e.seq + 1;
        }
        break;
      case 'start':
        if (open) problems.push(`turn ${e.turnId} started while turn ${open.turnId} was open`);
        open = { turnId: e.turnId, nextSeq: e.firstSeq };
        break;
      case 'end':
        if (open?.turnId !== e.turnId) problems.push(`end of turn ${e.turnId}, which is not open`);
        else if (e.lastSeq !== open.nextSeq - 1)
          problems.push(`turn ${e.turnId} ended at seq ${e.lastSeq}, sent ${open.nextSeq - 1}`);
        open = null;
        break;
      case 'cancel':
        if (open?.turnId !== e.turnId)
          problems.push(`cancel of turn ${e.turnId}, which is not open`);
        open = null;
        break;
    }
  }
  if (open) problems.push(`turn ${open.turnId} left open`);
  return problems;
}
