import { CHUNK_SAMPLES } from '@parley/shared';
import { TalkClient } from '../../relay/src/talk/client.ts';

/** How one abusive connection spends its messages. */
export type AbuseMode = 'churn' | 'stream';

export interface AbuserOptions {
  wsUrl: string;
  token: string;
  mode: AbuseMode;
  /** Speech to send (16 kHz), looped: the recogniser gets real work, not silence. */
  speech: Int16Array;
  /** `churn`: messages per second (start, one frame, cancel, …). */
  messagesPerSecond: number;
  /** `stream`: length of each utterance (ms of audio, sent in real time). */
  utteranceMs: number;
}

/**
 * One connection of the abusive user, inside every per-connection limit:
 * - `churn`: `utterance.start`, one audio frame, `utterance.cancel`, again and again at
 *   `messagesPerSecond` (the pattern of issue 20: a decoder process per utterance);
 * - `stream`: speech in real time, one utterance after another, each ended (so it is
 *   recognised and answered) — the most audio and turns the real-time guard lets through.
 */
export class Abuser {
  /** Error messages the relay sent, by code. */
  readonly refusals = new Map<string, number>();
  utterances = 0;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private turnId = 1;
  private step = 0;
  private speechAt = 0;

  private constructor(
    private readonly client: TalkClient,
    private readonly options: AbuserOptions,
  ) {}

  static async connect(options: AbuserOptions): Promise<Abuser> {
    const client = await TalkClient.connect(options.wsUrl, { token: options.token });
    return new Abuser(client, options);
  }

  start(): void {
    const { mode, messagesPerSecond } = this.options;
    const periodMs = mode === 'churn' ? 1000 / messagesPerSecond : 100;
    this.timer = setInterval(() => {
      if (mode === 'churn') this.churn();
      else this.stream();
    }, periodMs);
  }

  /** Stops sending and closes the connection; counts what the relay refused. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const e of this.client.errors)
      this.refusals.set(e.code, (this.refusals.get(e.code) ?? 0) + 1);
    this.client.close();
  }

  /** The next turn's utterance starts at the next chunk. */
  private startUtterance(now: number): void {
    this.utterances++;
    this.client.send({
      type: 'utterance.start',
      turnId: ++this.turnId,
      firstSeq: this.seq,
      speechStartAtMs: now,
    });
  }

  private churn(): void {
    const now = Date.now();
    switch (this.step++ % 3) {
      case 0:
        this.startUtterance(now);
        return;
      case 1:
        this.sendChunk(now);
        return;
      default:
        this.client.send({ type: 'utterance.cancel', turnId: this.turnId, reason: 'misfire' });
    }
  }

  private stream(): void {
    const now = Date.now();
    const frames = Math.round(this.options.utteranceMs / 100);
    const index = this.step++ % frames;
    if (index === 0) this.startUtterance(now);
    const lastSeq = this.sendChunk(now);
    if (index === frames - 1)
      this.client.send({
        type: 'utterance.end',
        turnId: this.turnId,
        lastSeq,
        speechEndAtMs: now,
        sentAtMs: now,
      });
  }

  /** Sends the next 100 ms of the looped speech; returns its seq. */
  private sendChunk(now: number): number {
    const { speech } = this.options;
    if (this.speechAt + CHUNK_SAMPLES > speech.length) this.speechAt = 0;
    const samples = speech.slice(this.speechAt, this.speechAt + CHUNK_SAMPLES);
    const seq = this.seq++;
    this.client.sendChunk({ seq, samples, firstSample: this.speechAt }, this.turnId, now);
    this.speechAt += CHUNK_SAMPLES;
    return seq;
  }
}
