import { E2eRelay } from '../relay-process.ts';
import { SERVED_APP } from './served-app.ts';

/** A stored turn, as `GET /api/sessions/:id` serves it. */
export interface StoredTurn {
  turnId: number;
  userText: string;
  assistantText: string;
  status: string;
}

/**
 * A relay serving the lanes' copy of the app (./served-app.ts), with its log kept at `debug`.
 * What it saw is read on its side, the same way for every engine (no engine lets a test read
 * the page's WebSocket frames the way Playwright does Chromium's): its log lines, its
 * Prometheus counters and the turns it stored.
 */
export class LaneRelay extends E2eRelay {
  constructor(port: number, env: Record<string, string> = {}) {
    super(port, { logLevel: 'debug', env: { WEB_DIST: SERVED_APP, ...env } });
  }

  /** The log lines with message `msg` of session `sessionId` (and of `turnId`, when given). */
  logLines(msg: string, sessionId: string | null, turnId?: number): Record<string, unknown>[] {
    return this.logs.filter(
      (l) =>
        l.msg === msg && l.sessionId === sessionId && (turnId === undefined || l.turnId === turnId),
    );
  }

  /** Microphone frames the relay took in (`parley_mic_frames_total`, every outcome). */
  async micFrames(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    let total = 0;
    for (const line of text.split('\n'))
      if (line.startsWith('parley_mic_frames_total{')) total += Number(line.split(' ').at(-1));
    return total;
  }

  /** The ids of the sessions the relay made (every page's, newest first). */
  async sessionIds(): Promise<string[]> {
    const res = await fetch(`${this.url}/api/sessions`);
    return ((await res.json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id);
  }

  /** The turns the relay stored for `sessionId`. */
  async storedTurns(sessionId: string): Promise<StoredTurn[]> {
    const res = await fetch(`${this.url}/api/sessions/${sessionId}`);
    if (!res.ok) return [];
    return ((await res.json()) as { turns: StoredTurn[] }).turns;
  }
}
