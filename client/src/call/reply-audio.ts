import type { AudioFrame, ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import { now } from '../turn/trace-id.ts';
import type { TurnTaker } from '../turn/turn-taker.ts';
import type { CallSink } from './call-sink.ts';

/** What a call's reply audio goes through. */
export interface ReplyAudioDeps {
  /** Where the reply's timing marks and figures are shown. */
  sink: Pick<CallSink, 'latency'>;
  /** The call's connection: the relay hears when each reply started playing. */
  socket: { send(message: ClientMessage): void };
  player: Pick<AudioPlayer, 'enqueue'>;
  /** Sample rate of the relay's reply audio (Hz). */
  outputRateHz: number;
  /** The call's turn-taking (null before it is made). */
  turns(): Pick<TurnTaker, 'replyAudio' | 'speechEndAtMs'> | null;
}

/**
 * A call's reply audio, from the relay to the player: dropped when the user cut that reply,
 * with the turn's timing marks (its first frame received, its first sample heard, and from
 * that the voice-to-voice figure); the relay is told when each reply started playing.
 */
export class ReplyAudio {
  /** Turns whose first reply audio frame arrived. */
  private readonly firstAudio = new Set<number>();

  constructor(private readonly d: ReplyAudioDeps) {}

  /** A frame of reply audio arrived (PCM16, decoded). */
  frame(frame: AudioFrame): void {
    if (!this.d.turns()?.replyAudio(frame.turnId)) return;
    if (!this.firstAudio.has(frame.turnId)) {
      this.firstAudio.add(frame.turnId);
      this.d.sink.latency({
        kind: 'trace',
        turnId: frame.turnId,
        update: { client: { firstAudioReceivedAtMs: now() } },
      });
    }
    this.d.player.enqueue(frame.turnId, frame.samples, this.d.outputRateHz);
  }

  /** The first sample of `turnId`'s reply was heard at `epochMs`. */
  played(turnId: number, epochMs: number): void {
    const { sink } = this.d;
    this.d.socket.send({ type: 'playback.started', turnId, playedAtMs: epochMs });
    sink.latency({ kind: 'trace', turnId, update: { client: { firstSamplePlayedAtMs: epochMs } } });
    const end = this.d.turns()?.speechEndAtMs.get(turnId);
    sink.latency({
      kind: 'figures',
      turnId,
      figures: end === undefined ? {} : { voiceToVoiceMs: Math.round(epochMs - end) },
    });
  }
}
