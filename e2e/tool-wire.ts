import type { Page } from '@playwright/test';

/** A tool message of the wire (`tool.call`, `tool.result`, `tool.confirm`, `tool.progress`, `tool.answer`). */
export interface ToolWireMessage {
  type: string;
  turnId: number;
  name?: string;
  status?: string;
  summary?: string;
  confirmId?: string;
  confirmed?: boolean;
  progress?: string;
}

/**
 * The tool messages on the page's WebSocket, recorded from outside the app (issue 48): what the
 * relay said of each call, and the answers the page sent.
 */
export interface ToolWire {
  received: ToolWireMessage[];
  sent: ToolWireMessage[];
}

export function recordToolWire(page: Page): ToolWire {
  const wire: ToolWire = { received: [], sent: [] };
  const parse = (payload: string | Buffer): ToolWireMessage | null => {
    if (typeof payload !== 'string') return null;
    const m = JSON.parse(payload) as ToolWireMessage;
    return m.type.startsWith('tool.') ? m : null;
  };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      const m = parse(payload);
      if (m) wire.sent.push(m);
    });
    ws.on('framereceived', ({ payload }) => {
      const m = parse(payload);
      if (m) wire.received.push(m);
    });
  });
  return wire;
}

/** The notes the relay keeps for the page's user, read as the page reads them. */
export function notesOf(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const r = await fetch('/api/notes');
    const body = (await r.json()) as { notes: { text: string }[] };
    return body.notes.map((n) => n.text);
  });
}
