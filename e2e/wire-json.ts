import type { Page } from '@playwright/test';

/** What hears one WebSocket's JSON messages (the fields a spec reads, as it expects them). */
export interface WireJsonListener<Sent, Received> {
  sent?(message: Sent): void;
  received?(message: Received): void;
}

/**
 * Calls `listen()` for each WebSocket `page` opens; what it returns hears that socket's JSON
 * messages, sent and received, parsed (binary frames, the audio, are skipped).
 */
export function listenToWireJson<Sent = { type: string }, Received = { type: string }>(
  page: Page,
  listen: () => WireJsonListener<Sent, Received>,
): void {
  page.on('websocket', (ws) => {
    const listener = listen();
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') listener.sent?.(JSON.parse(payload) as Sent);
    });
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string') listener.received?.(JSON.parse(payload) as Received);
    });
  });
}
