import { isOpusFrame, type AudioFrame, type WireAudioFrame } from '@parley/shared';
import {
  WasmReplyDecoder,
  WebCodecsReplyDecoder,
  type ReplyDecoder,
  type ReplyDecoderKind,
} from './reply-decoder.ts';

export interface ReplyDecodersOptions {
  /** The reply's rate (`ready.outputSampleRateHz`, an Opus rate when replies come as Opus). */
  rateHz: number;
  /** Which decoder to use (WebCodecs where the browser has it). */
  kind: ReplyDecoderKind;
  /** A reply frame as PCM16 at `rateHz`, in the order the frames came. */
  deliver(frame: AudioFrame): void;
  /** Whatever a decoder threw (the frame is then skipped). */
  onError?(err: unknown): void;
  /**
   * Replies come as Opus: keep a decoder made ahead, so a turn's first reply frame does not wait
   * for one to be made
   * (docs/decisions.md#replies-decoded-in-webassembly-in-the-browser-not-webcodecs).
   */
  ahead?: boolean;
}

/** One turn's reply: its decoder, and the work queued on it. */
interface TurnStream {
  decoder: ReplyDecoder | null;
  tail: Promise<void>;
}

/**
 * The replies of a call, each turn's as one Opus stream decoded in order (a decoder per turn,
 * closed when the turn is over), handed on as PCM16 in the order the frames came. PCM16 frames
 * pass straight through, but never ahead of a frame of theirs still decoding; what must come
 * after a turn's audio (its end) waits the same way ({@link after}).
 */
export class ReplyDecoders {
  private readonly turns = new Map<number, TurnStream>();
  /** A decoder made ahead for the next turn (made when the call starts, and after each turn). */
  private spare: ReplyDecoder | null = null;
  private disposed = false;

  constructor(private readonly o: ReplyDecodersOptions) {
    if (o.ahead) this.spare = this.newDecoder();
  }

  frame(frame: WireAudioFrame): void {
    const { turnId } = frame;
    if (!isOpusFrame(frame)) {
      this.after(turnId, () => this.o.deliver(frame));
      return;
    }
    const stream = this.stream(turnId);
    stream.decoder ??= this.makeDecoder();
    const decoding = stream.decoder.decode(frame.packets);
    const { kind, seq, timestampMs } = frame;
    this.after(turnId, async () =>
      this.o.deliver({ kind, seq, turnId, timestampMs, samples: await decoding }),
    );
  }

  /** Runs `fn` once every frame of `turnId` so far is handed on (now, when none is waiting). */
  after(turnId: number, fn: () => void | Promise<void>): void {
    const stream = this.turns.get(turnId);
    if (!stream) {
      const result = fn();
      if (result instanceof Promise) this.stream(turnId).tail = this.settled(result);
      return;
    }
    stream.tail = this.settled(stream.tail.then(fn));
  }

  /** `turnId` is over (done, or cut off): its decoder lets go once its frames are handed on. */
  endTurn(turnId: number): void {
    const stream = this.turns.get(turnId);
    if (!stream) return;
    this.turns.delete(turnId);
    void stream.tail.then(() => stream.decoder?.close());
    // Between turns: the next one's decoder is made now, not when its first frame comes.
    if (this.o.ahead && !this.disposed) this.spare ??= this.newDecoder();
  }

  /** The call ended: every decoder lets go. */
  dispose(): void {
    this.disposed = true;
    for (const turnId of [...this.turns.keys()]) this.endTurn(turnId);
    this.spare?.close();
    this.spare = null;
  }

  private stream(turnId: number): TurnStream {
    let stream = this.turns.get(turnId);
    if (!stream) {
      stream = { decoder: null, tail: Promise.resolve() };
      this.turns.set(turnId, stream);
    }
    return stream;
  }

  private makeDecoder(): ReplyDecoder {
    const spare = this.spare;
    this.spare = null;
    return spare ?? this.newDecoder();
  }

  private newDecoder(): ReplyDecoder {
    return this.o.kind === 'webcodecs'
      ? new WebCodecsReplyDecoder(this.o.rateHz)
      : new WasmReplyDecoder(this.o.rateHz);
  }

  private settled(work: Promise<void>): Promise<void> {
    return work.catch((err: unknown) => this.o.onError?.(err));
  }
}
