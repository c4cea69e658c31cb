import type { ClientMessage, GateAction, PcmChunk } from '@parley/shared';
import type { TraceUpdate } from './turn-trace.ts';
import { newTraceId, now } from './trace-id.ts';
import { typedMessage, typedWords, type TypedTurn } from './typed-message.ts';

export interface UtteranceWireDeps {
  send(message: ClientMessage): void;
  sendChunk(chunk: PcmChunk, turnId: number, timestampMs: number): void;
  /** Capture time (epoch ms) of a 16 kHz stream sample. */
  epochMsOf(sample: number): number;
  events: {
    userTurn(turnId: number, text: string, final: boolean): void;
    userTurnDropped(turnId: number): void;
    trace(turnId: number, update: TraceUpdate): void;
  };
}

/**
 * The user's side of each turn on the wire: what the utterance gate decided (start, audio, end,
 * cancel) and typed messages, as relay messages, with the timing marks each carries.
 */
export class UtteranceWire {
  /** Epoch ms of the last speech sample of each utterance, for voice-to-voice. */
  readonly speechEndAtMs = new Map<number, number>();
  /** Epoch ms at which the utterance about to start began (sent with its start). */
  speechStartAtMs = 0;
  /** Seq of the last microphone chunk sent. */
  lastSentSeq = -1;
  /** The utterance about to start is said over the reply (its words are wanted at once). */
  overReply = false;

  constructor(private readonly d: UtteranceWireDeps) {}

  /** The end-of-turn policy found turn `turnId` over, on audio up to `sample`: traced. */
  decided(turnId: number, sample: number): void {
    this.d.events.trace(turnId, {
      client: { endDecidedAtMs: now(), endDecidedAudioAtMs: this.d.epochMsOf(sample) },
    });
  }

  /**
   * Carries out what the utterance gate decided; a cancel is the VAD's (`misfire`) unless the
   * user dropped the utterance (`user`: a push-to-talk tap) or it was a backchannel over the
   * reply (`backchannel`).
   */
  run(list: GateAction[], cancelledBy: 'misfire' | 'user' | 'backchannel' = 'misfire'): void {
    for (const a of list) {
      switch (a.type) {
        case 'start': {
          const traceId = newTraceId();
          this.d.send({
            type: 'utterance.start',
            turnId: a.turnId,
            firstSeq: a.firstSeq,
            speechStartAtMs: this.speechStartAtMs,
            traceId,
            ...(this.overReply ? { overReply: true as const } : {}),
          });
          this.d.events.trace(a.turnId, { traceId });
          this.d.events.userTurn(a.turnId, '', false);
          break;
        }
        case 'audio':
          this.lastSentSeq = a.chunk.seq;
          this.d.sendChunk(a.chunk, a.turnId, this.d.epochMsOf(a.chunk.firstSample));
          break;
        case 'end': {
          const sentAtMs = now();
          const speechEndAtMs = this.speechEndAtMs.get(a.turnId) ?? sentAtMs;
          this.d.send({
            type: 'utterance.end',
            turnId: a.turnId,
            lastSeq: a.lastSeq,
            speechEndAtMs,
            sentAtMs,
          });
          this.d.events.trace(a.turnId, { client: { speechEndAtMs, endSentAtMs: sentAtMs } });
          break;
        }
        case 'cancel':
          this.d.send({ type: 'utterance.cancel', turnId: a.turnId, reason: cancelledBy });
          this.d.events.userTurnDropped(a.turnId);
          break;
      }
    }
  }

  /** Sends the typed message (or tapped answer) `turn` as turn `turnId`. */
  typed(turnId: number, turn: TypedTurn): void {
    const traceId = newTraceId();
    const at = now();
    const text = typedWords(turn);
    this.d.send(typedMessage(turnId, turn, traceId));
    this.d.events.trace(turnId, {
      traceId,
      text,
      typed: true,
      client: { speechEndAtMs: at, endSentAtMs: at },
    });
    this.d.events.userTurn(turnId, text, true);
  }
}
