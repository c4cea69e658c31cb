import { CHUNK_MS, CHUNK_SAMPLES, type TurnMarks } from '@parley/shared';
import type { TalkClient } from '../../relay/src/talk/client.ts';
import type { ClientTimes } from './breakdown.ts';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

const SPEECH = Int16Array.from({ length: CHUNK_SAMPLES }, (_, i) =>
  Math.round(4000 * Math.sin((2 * Math.PI * 200 * i) / 16_000)),
);
const SILENCE = new Int16Array(CHUNK_SAMPLES);

/**
 * Speaks utterances as the web app sends them: real-time 100 ms chunks of speech, then the
 * endpointing silence (still streamed: the client has not decided yet), then `utterance.end`.
 */
export class Speaker {
  private seq = 0;
  private turnId = 0;

  constructor(private readonly client: TalkClient) {}

  /** One turn; resolves with the client's times and the relay's marks once it is done. */
  async turn(
    speechMs: number,
    endpointingMs: number,
  ): Promise<{ times: ClientTimes; marks: TurnMarks; status: string | null }> {
    const { client } = this;
    const turnId = ++this.turnId;
    client.send({ type: 'utterance.start', turnId, firstSeq: this.seq, speechStartAtMs: now() });
    const start = now();
    const speechChunks = Math.round(speechMs / CHUNK_MS);
    const chunks = speechChunks + Math.round(endpointingMs / CHUNK_MS);
    for (let i = 0; i < chunks; i++) {
      await sleep(start + (i + 1) * CHUNK_MS - now());
      const samples = (i < speechChunks ? SPEECH : SILENCE).slice();
      client.sendChunk(
        { seq: this.seq, samples, firstSample: this.seq * CHUNK_SAMPLES },
        turnId,
        now(),
      );
      this.seq++;
    }
    // The speech ended with its last chunk's capture; the endpointer waited `endpointingMs`
    // more (in real time, whatever the timer slop).
    const speechEndAtMs = start + speechChunks * CHUNK_MS;
    await sleep(speechEndAtMs + endpointingMs - now());
    const endSentAtMs = now();
    client.send({
      type: 'utterance.end',
      turnId,
      lastSeq: this.seq - 1,
      speechEndAtMs,
      sentAtMs: endSentAtMs,
    });
    const turn = await client.waitForTurn(turnId, 30_000);
    const done = client.received.find((m) => m.type === 'turn.done' && m.turnId === turnId);
    const marks = done?.type === 'turn.done' ? (done.marks ?? {}) : {};
    if (turn.firstAudioAtMs !== null)
      client.send({ type: 'playback.started', turnId, playedAtMs: turn.firstAudioAtMs });
    client.received.length = 0;
    return {
      times: { speechEndAtMs, endSentAtMs, firstAudioAtMs: turn.firstAudioAtMs ?? Number.NaN },
      marks,
      status: turn.status,
    };
  }
}
