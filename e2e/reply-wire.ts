import type { Page } from '@playwright/test';

/** What the relay said of a turn when it was done (`turn.done`), as seen on the wire. */
export interface TurnDone {
  reply: string;
  /** Reply audio of the turn, in samples at the session's output rate. */
  audioSamples: number;
  status: string;
  /** The voice that spoke the reply (`servedBy.tts`), if any did. */
  voice?: string;
}

/**
 * Records, from outside the app, the `turn.done` of each turn received on the page's
 * WebSockets (the last one, if a turn is answered twice) and the `ready` messages.
 */
export function recordTurnsDone(page: Page): {
  done: Map<number, TurnDone>;
  readies: { resumed: boolean; sessionId: string }[];
} {
  const done = new Map<number, TurnDone>();
  const readies: { resumed: boolean; sessionId: string }[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as {
        type: string;
        turnId: number;
        reply: string;
        audioSamples: number;
        status: string;
        resumed: boolean;
        sessionId: string;
        servedBy?: { tts?: string };
      };
      if (m.type === 'turn.done')
        done.set(m.turnId, {
          reply: m.reply,
          audioSamples: m.audioSamples,
          status: m.status,
          ...(m.servedBy?.tts === undefined ? {} : { voice: m.servedBy.tts }),
        });
      if (m.type === 'ready') readies.push({ resumed: m.resumed, sessionId: m.sessionId });
    });
  });
  return { done, readies };
}
