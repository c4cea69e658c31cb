import type { Page } from '@playwright/test';

/** What the page sent on its relay WebSocket that matters to the uplink's continuity. */
export type UplinkEvent =
  | { kind: 'audio'; seq: number; turnId: number }
  | { kind: 'start'; turnId: number; firstSeq: number }
  | { kind: 'end'; turnId: number; lastSeq: number }
  | { kind: 'cancel'; turnId: number };

/** A frame a page sent: a text message as sent, or a binary frame's header. */
export type SentFrame = { text: string } | { kind: number; seq: number; turnId: number };

/**
 * What `frame` is to the uplink's continuity (null: nothing): a microphone frame (kind 1), or an
 * utterance's start, end or cancel.
 */
export function uplinkEventOf(frame: SentFrame): UplinkEvent | null {
  if (!('text' in frame))
    return frame.kind === 1 ? { kind: 'audio', seq: frame.seq, turnId: frame.turnId } : null;
  const m = JSON.parse(frame.text) as {
    type: string;
    turnId: number;
    firstSeq: number;
    lastSeq: number;
  };
  if (m.type === 'utterance.start')
    return { kind: 'start', turnId: m.turnId, firstSeq: m.firstSeq };
  if (m.type === 'utterance.end') return { kind: 'end', turnId: m.turnId, lastSeq: m.lastSeq };
  if (m.type === 'utterance.cancel') return { kind: 'cancel', turnId: m.turnId };
  return null;
}

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
      if (typeof payload !== 'string' && payload.length < 20) return;
      const event = uplinkEventOf(
        typeof payload === 'string'
          ? { text: payload }
          : {
              kind: payload[0] ?? 0,
              seq: payload.readUInt32LE(4),
              turnId: payload.readUInt32LE(8),
            },
      );
      if (event) record.events.push(event);
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

/**
 * The uplink of a session carried across the tab's pages (`pages`: what each sent, in order), as
 * first sent: each page's events but those of turns a page before it began (what it was handed
 * and replayed, which the relay drops as duplicates where it had them).
 */
export function firstSent(pages: readonly (readonly UplinkEvent[])[]): UplinkEvent[] {
  const begun = new Set<number>();
  const sent: UplinkEvent[] = [];
  for (const events of pages) {
    sent.push(...events.filter((e) => !begun.has(e.turnId)));
    for (const e of events) begun.add(e.turnId);
  }
  return sent;
}
