import {
  Chunker,
  CHUNK_SAMPLES,
  HOLD_END_MS,
  SAMPLE_RATE_HZ,
  UtteranceGate,
  type BargeInRule,
  type GateAction,
} from '@parley/shared';
import type { TalkClient } from './client.ts';
import { Endpointer } from './endpointer.ts';
import { SoundJudge } from './sound-judge.ts';

export { pitchUpTo } from './sound-judge.ts';

/** What one sound said over a reply did to it, and when (epoch ms on this process's clock). */
export interface OverReplyReport {
  replyTurnId: number;
  /** The utterance the sound was sent as (dropped when it was a backchannel). */
  soundTurnId: number;
  /** `none`: the reply had ended (or no sound was found) before anything was decided. */
  action: 'resume' | 'stop' | 'none';
  reason: string;
  /** What the recogniser heard of the sound by the decision (its latest words). */
  words: string;
  /**
   * Each interim transcript of the sound as it came, ms after the sound's onset (wall clock):
   * where an interruption's time to the cut goes (the recogniser's first words, then the words
   * that decide).
   */
  partials: {
    afterOnsetMs: number;
    text: string;
    spotted?: readonly string[];
    /**
     * Up to where in the sound its words account for the audio (ms after the onset: the end of
     * the last seq the relay said they cover); absent: not said.
     */
    coveredMs?: number;
  }[];
  /**
   * When each 100 ms chunk of the sound was sent, ms after its onset, by its place in the sound
   * (chunk i holds its audio from i × 100 ms); null: not sent (before the utterance began).
   */
  chunkSentMs: (number | null)[];
  /** Sound's onset → the decision to stop (the interrupt sent), ms; null unless stopped. */
  onsetToStopMs: number | null;
  /** Sound's last loud frame → the decision to resume at full level, ms; null unless resumed. */
  endToResumeMs: number | null;
  /** Reply samples heard before the cut (the interrupt's `playedSamples`); null unless stopped. */
  playedSamples: number | null;
  /** The sound's onset in the file (ms), its last loud frame (ms). */
  onsetInFileMs: number | null;
  soundEndInFileMs: number | null;
  /** The seq the client's next utterance starts at. */
  nextSeq: number;
}

export interface OverReplyOptions {
  /** The reply spoken over (its first audio must have arrived). */
  replyTurnId: number;
  /** Turn id and first seq the sound's utterance takes (the streamer's next ones). */
  turnId: number;
  firstSeq: number;
  /** When the sound starts, after the reply's first audio (ms): the reply "plays" from there. */
  atMs: number;
  /** How the sound is judged (the app's default: words). */
  rule?: BargeInRule;
}

const SLICE_SAMPLES = 320;
const SLICE_MS = (SLICE_SAMPLES * 1000) / SAMPLE_RATE_HZ;
/** Silence after the file, for the endpointer to close the sound's segment (ms). */
const TAIL_MS = 1_500;

const now = () => performance.timeOrigin + performance.now();
const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - now())));

/**
 * Says `samples` (16 kHz) over the reply of `replyTurnId`, as a user in full duplex would, and
 * judges it as the app does (judgeBargeIn on the relay's partial words, how far into the sound
 * they reach and the sound's loudness: see SoundJudge): the reply "plays" in real time from its first audio; at `atMs` the sound starts,
 * streamed in real time as an utterance. A stop sends the interrupt with what was heard of the
 * reply by then and the utterance goes on to be answered; a backchannel's utterance is
 * cancelled (`backchannel`) once its segment ends, and the reply is untouched.
 */
export async function speakOverReply(
  client: TalkClient,
  samples: Float32Array,
  o: OverReplyOptions,
): Promise<OverReplyReport> {
  const reply = client.turns.get(o.replyTurnId);
  if (reply?.firstAudioAtMs == null) throw new Error(`no audio yet for turn ${o.replyTurnId}`);
  const replyStartAtMs = reply.firstAudioAtMs;
  const rate = client.ready.outputSampleRateHz;
  const rule = o.rule ?? 'words';
  const { language } = client.ready;
  const t0 = replyStartAtMs + o.atMs;
  const wallAt = (sample: number) => t0 + (sample * 1000) / SAMPLE_RATE_HZ;
  const chunker = new Chunker({ firstSeq: o.firstSeq });
  const gate = new UtteranceGate({
    preSpeechPadMs: 300,
    firstTurnId: o.turnId,
    firstSeq: o.firstSeq,
  });
  const endpointer = new Endpointer({ sampleRateHz: SAMPLE_RATE_HZ, pauseMs: 0 });
  const report: OverReplyReport = {
    replyTurnId: o.replyTurnId,
    soundTurnId: o.turnId,
    action: 'none',
    reason: 'no sound found',
    words: '',
    partials: [],
    onsetToStopMs: null,
    endToResumeMs: null,
    playedSamples: null,
    onsetInFileMs: null,
    soundEndInFileMs: null,
    chunkSentMs: [],
    nextSeq: o.firstSeq,
  };
  const sound = new SoundJudge(samples, client.coverageTold);
  /** When the relay was asked to read the whole sound (this process's clock); null: not asked. */
  let readingAskedAt: number | null = null;
  /** The sound's segment closed (the endpointer's end after it). */
  const segment = { ended: false, unsure: false, readWhole: false, awaitsWords: false };
  let position = 0;
  /** The last audio frame sent of the sound's utterance (-1: none yet). */
  let lastSentSeq = -1;
  const replyOver = () =>
    reply.status !== null && (now() - replyStartAtMs) * (rate / 1000) >= reply.audioSamples;

  const decide = () => {
    const onset = sound.onset;
    if (onset === null || report.action === 'stop') return;
    const d = sound.judge(position, {
      ended: segment.ended,
      rule,
      ...(language === undefined ? {} : { language }),
      ...(readingAskedAt === null ? {} : { readingAskedMs: now() - readingAskedAt }),
    });
    if (d === null) return;
    segment.unsure = d.unsure === true;
    segment.readWhole = d.awaitsReading === true;
    segment.awaitsWords = d.awaitsWords === true;
    if (d.action === 'wait' || (d.action === 'resume' && report.action === 'resume')) return;
    if (report.action === 'none' && replyOver()) {
      report.reason = 'the reply had ended';
      return;
    }
    const at = now();
    report.action = d.action;
    report.reason = d.reason;
    report.words = sound.words;
    if (d.action === 'resume') {
      report.endToResumeMs = at - wallAt(sound.lastLoud);
      return;
    }
    report.onsetToStopMs = at - wallAt(onset);
    report.endToResumeMs = null;
    report.playedSamples = Math.min(
      reply.audioSamples,
      Math.round(((at - replyStartAtMs) * rate) / 1000),
    );
    client.send({ type: 'interrupt', turnId: o.replyTurnId, playedSamples: report.playedSamples });
  };
  const run = (actions: GateAction[]) => {
    for (const a of actions) {
      if (a.type === 'start')
        client.send({
          type: 'utterance.start',
          turnId: a.turnId,
          firstSeq: a.firstSeq,
          speechStartAtMs: wallAt(sound.onset ?? 0),
          overReply: true,
        });
      else if (a.type === 'audio') {
        client.sendChunk(a.chunk, a.turnId, wallAt(a.chunk.firstSample));
        lastSentSeq = a.chunk.seq;
        const at = now();
        const sentMs = sound.onset === null ? null : at - wallAt(sound.onset);
        report.chunkSentMs[a.chunk.firstSample / CHUNK_SAMPLES] = sentMs;
      } else if (a.type === 'end')
        client.send({
          type: 'utterance.end',
          turnId: a.turnId,
          lastSeq: a.lastSeq,
          speechEndAtMs: wallAt(sound.lastLoud),
          sentAtMs: now(),
        });
      else client.send({ type: 'utterance.cancel', turnId: a.turnId, reason: 'backchannel' });
    }
  };
  const previous = client.onPartial;
  client.onPartial = (m) => {
    // No words yet but how far the recogniser has read: the page takes that too.
    const empty = m.text.trim() === '' && m.spotted === undefined && m.coversSeq === undefined;
    if (m.turnId !== o.turnId || empty) return;
    // The relay's reading of the whole sound up to its pause (see SoundOverReply in shared).
    const pauseSeq = m.reading === 'closed' ? m.pauseSeq : undefined;
    const read = pauseSeq !== undefined;
    // As the page (words-coverage.ts): the seq the words cover, or a reading's pause.
    const seq = pauseSeq === undefined ? m.coversSeq : Math.max(pauseSeq, m.coversSeq ?? pauseSeq);
    const coveredToSample =
      seq === undefined ? undefined : (seq - chunker.firstSeq + 1) * CHUNK_SAMPLES;
    sound.heard({
      text: m.text,
      read,
      ...(m.spotted ? { spotted: m.spotted } : {}),
      ...(coveredToSample === undefined ? {} : { coveredToSample }),
    });
    const onset = sound.onset;
    if (onset !== null)
      report.partials.push({
        afterOnsetMs: now() - wallAt(onset),
        text: m.text,
        ...(m.spotted ? { spotted: m.spotted } : {}),
        ...(coveredToSample === undefined
          ? {}
          : { coveredMs: ((coveredToSample - onset) * 1000) / SAMPLE_RATE_HZ }),
      });
    decide();
  };
  try {
    const tailSamples = (TAIL_MS * SAMPLE_RATE_HZ) / 1000;
    for (; position < samples.length + tailSamples && !segment.ended; position += SLICE_SAMPLES) {
      const block = new Float32Array(SLICE_SAMPLES);
      block.set(samples.subarray(position, position + SLICE_SAMPLES));
      await sleepUntil(wallAt(position + SLICE_SAMPLES));
      const actions: GateAction[] = [];
      for (const chunk of chunker.push(block)) actions.push(...gate.chunk(chunk));
      sound.block(position, block);
      for (const e of endpointer.push(block)) {
        if (e.type === 'speech-start' && gate.activeTurnId === null)
          actions.push(...gate.speechStart(e.sample));
        else if (e.type === 'speech-end' || e.type === 'misfire')
          segment.ended = gate.activeTurnId !== null;
      }
      run(actions);
      if (!segment.ended) decide();
    }
    const onset = sound.onset;
    if (onset !== null) {
      segment.ended = true;
      decide();
      // As the app: the end of a sound whose words have not come, or too few, waits for them,
      // bounded; a level hum's asks the relay to read the sound (Moonshine's words of it, where
      // it writes), awaited from here as long as the policy says; words that do not reach its
      // end yet are awaited as long as the policy says too (the page's settleHeld).
      const turnId = gate.activeTurnId;
      if (report.action !== 'stop' && segment.unsure && segment.readWhole) {
        readingAskedAt = now();
        if (turnId !== null && lastSentSeq >= 0)
          client.send({ type: 'utterance.pause', turnId, lastSeq: lastSentSeq });
      }
      const holdUntil = now() + HOLD_END_MS;
      while (
        report.action !== 'stop' &&
        segment.unsure &&
        (now() < holdUntil || segment.awaitsWords)
      ) {
        await sleepUntil(now() + SLICE_MS);
        decide();
      }
      if (report.action === 'stop') {
        const tail = chunker.flush();
        if (tail) run(gate.chunk(tail));
        run(gate.forceEnd());
      } else run(gate.drop());
      report.onsetInFileMs = (onset * 1000) / SAMPLE_RATE_HZ;
      report.soundEndInFileMs = (sound.lastLoud * 1000) / SAMPLE_RATE_HZ;
    }
  } finally {
    client.onPartial = previous;
  }
  report.nextSeq = chunker.nextSeq;
  return report;
}
