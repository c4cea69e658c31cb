import {
  CHUNK_MS,
  CHUNK_SAMPLES,
  Chunker,
  EndOfTurn,
  PAUSE_REPORT_MS,
  PROSODY_WINDOW_MS,
  SAMPLE_RATE_HZ,
  prosodyAtPause,
  UtteranceGate,
  type Eagerness,
  type EndOfTurnDecision,
  type GateAction,
  type PauseProsody,
} from '@parley/shared';
import type { TalkClient, TurnRecord } from './client.ts';
import { Endpointer, type EndpointEvent, type EndpointerOptions } from './endpointer.ts';
import type { TalkToolCall, TalkToolProgress } from './tool-lines.ts';

/** What `pnpm talk --json` prints per turn. */
export interface TurnReport {
  turnId: number;
  status: string | null;
  transcript: string;
  reply: string;
  replyAudioMs: number;
  /** Milliseconds per stage. */
  timings: {
    /** End of speech in the file → utterance.end sent (the endpointing silence). */
    endpointingMs: number;
    /** Start of speech in the file → first interim transcript received (null: none came). */
    firstPartialMs: number | null;
    /** utterance.end sent → final transcript received. */
    transcriptMs: number | null;
    /** Relay-side: utterance.end received → final ASR text. */
    asrFinalMs: number | null;
    /** Relay-side: LLM request → first token. */
    llmFirstTokenMs: number | null;
    /** Relay-side: first sentence to TTS → its first audio. */
    ttsFirstAudioMs: number | null;
    /** Relay-side: first sentence to TTS → the reply's last audio (the whole synthesis). */
    ttsTotalMs: number | null;
    /** Relay-side: utterance.end received → first reply audio sent. */
    relayFirstAudioMs: number | null;
    /** utterance.end sent → first reply audio received. */
    endToFirstAudioMs: number | null;
    /** End of speech in the file → first reply audio received. */
    voiceToVoiceMs: number | null;
  };
  /** How long the end of the turn waited at its last pause, and why (the policy's decision). */
  endOfTurn: EndOfTurnDecision | null;
  /** How the voice ended before each of its pauses (prosody.ts), in order. */
  pauseVoices: PauseProsody[];
  /** When the speech ended in the file, on this process's epoch-ms clock (null: unknown). */
  speechEndAtMs: number | null;
  /** The turn's tool calls (name, arguments, status, summary, ms), in order (issue 48). */
  tools: TalkToolCall[];
  /** What was heard while its tools ran long. */
  progress: TalkToolProgress[];
  errors: string[];
}

export interface StreamOptions {
  /**
   * `fixed`: the endpointer's redemption time ends every turn (500 ms by default); else the
   * end-of-turn policy decides at each pause on the words the relay heard (as the browser app
   * does), with this eagerness (default: the one `ready` gave).
   */
  endOfTurn?: 'fixed' | { eagerness?: Eagerness };
  /** Audio padded before the detected speech start, so first syllables are kept (ms). Default 300. */
  preSpeechPadMs?: number;
  endpointer?: Omit<EndpointerOptions, 'sampleRateHz'>;
  /** How long to wait for each reply after the file ends (ms). Default 30 s. */
  replyTimeoutMs?: number;
  /** Stream faster than real time by this factor (tests of the protocol only). Default 1. */
  speed?: number;
  /** Send pauses so the relay may answer speculatively. Default true. */
  speculate?: boolean;
  /**
   * Weigh the voice at each pause (pitch, the last syllable's length) as the app does.
   * Default true; false: the words alone (the policy before issue 52).
   */
  prosody?: boolean;
}

/** The endpointer's own end under the policy: a backstop past its longest wait (ms). */
const BACKSTOP_REDEMPTION_MS = 2_200;
/** Audio is fed to the endpointer and the policy in slices of this many samples (20 ms). */
const SLICE_SAMPLES = 320;

const now = () => performance.timeOrigin + performance.now();
const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - now())));
const round = (x: number | null | undefined) =>
  x === null || x === undefined ? null : Math.round(x * 10) / 10;

/**
 * Plays 16 kHz mono audio into the relay as a microphone would: in real time, 100 ms chunks,
 * utterances delimited by the endpointer (with pre-speech padding), then waits for the replies.
 * Keeps sequence numbers and turn ids continuing across calls on the same client.
 */
export class UtteranceStreamer {
  /**
   * Where the next utterance starts: its first seq and its turn id. A caller that sends an
   * utterance of its own on the same client (pnpm talk --over-reply) moves them on.
   */
  nextSeq = 0;
  nextTurnId = 1;

  constructor(private readonly client: TalkClient) {}

  async stream(samples: Float32Array, options: StreamOptions = {}): Promise<TurnReport[]> {
    const speed = options.speed ?? 1;
    const rule = options.endOfTurn ?? {};
    // The conversation's language, as the relay said it in `ready` (issue 62).
    const { language } = this.client.ready;
    const policy =
      rule === 'fixed'
        ? null
        : new EndOfTurn({
            eagerness: rule.eagerness ?? this.client.ready.eagerness,
            ...(language === undefined ? {} : { language }),
          });
    const endpointer = new Endpointer({
      sampleRateHz: SAMPLE_RATE_HZ,
      ...options.endpointer,
      ...(policy ? { redemptionMs: BACKSTOP_REDEMPTION_MS } : {}),
    });
    const pauseMs = options.endpointer?.pauseMs ?? PAUSE_REPORT_MS;
    const decisions = new Map<number, EndOfTurnDecision>();
    let pauseSeq: number | null = null;
    /** The policy's decision that ended the utterance in progress (null: not ended by it yet). */
    let checked: EndOfTurnDecision | null = null;
    const chunker = new Chunker({ firstSeq: this.nextSeq });
    const gate = new UtteranceGate({
      preSpeechPadMs: options.preSpeechPadMs ?? 300,
      firstTurnId: this.nextTurnId,
      firstSeq: this.nextSeq,
    });
    const speechEndSample = new Map<number, number>();
    const voices = new Map<number, PauseProsody[]>();
    const pauses: { type: 'speech-pause' | 'speech-resume'; turnId: number; sample: number }[] = [];
    const markers = new Map<number, Markers>();
    /** Where the endpointer found the start of the speech of each turn (epoch ms). */
    const onsets = new Map<number, number>();
    let onsetAt: number | null = null;
    const started: number[] = [];
    let lastTurnId = this.nextTurnId - 1;
    const t0 = now();
    const wallAt = (sample: number) => t0 + (sample * 1000) / SAMPLE_RATE_HZ / speed;
    const silence = new Float32Array(SLICE_SAMPLES);
    const tailChunks = Math.ceil(3000 / CHUNK_MS);
    this.client.onPartial = (m) => {
      // A lone yes to an open question waits for a "no, wait" (issue 60), as the web app does.
      policy?.setQuestionOpen(this.client.openQuestion !== null);
      if (policy && m.turnId === gate.activeTurnId)
        policy.words(
          m.text,
          m.pauseSeq !== undefined && m.pauseSeq === pauseSeq,
          m.reading,
          m.closedFollows === true,
          m.alternatives,
        );
    };

    const run = (actions: GateAction[], sentAt: number) => {
      for (const a of actions) {
        switch (a.type) {
          case 'start':
            started.push(a.turnId);
            lastTurnId = a.turnId;
            onsets.set(a.turnId, onsetAt ?? sentAt);
            this.client.send({
              type: 'utterance.start',
              turnId: a.turnId,
              firstSeq: a.firstSeq,
              speechStartAtMs: sentAt,
            });
            break;
          case 'audio':
            this.client.sendChunk(a.chunk, a.turnId, wallAt(a.chunk.firstSample));
            break;
          case 'end': {
            const endSentAtMs = now();
            const speechEndAtMs = wallAt(
              speechEndSample.get(a.turnId) ?? (a.lastSeq + 1 - chunker.firstSeq) * CHUNK_SAMPLES,
            );
            this.client.send({
              type: 'utterance.end',
              turnId: a.turnId,
              lastSeq: a.lastSeq,
              speechEndAtMs,
              sentAtMs: endSentAtMs,
            });
            markers.set(a.turnId, {
              speechEndAtMs,
              endSentAtMs,
              speechStartAtMs: onsets.get(a.turnId) ?? null,
            });
            break;
          }
          case 'cancel':
            this.client.send({ type: 'utterance.cancel', turnId: a.turnId, reason: 'misfire' });
            started.splice(started.indexOf(a.turnId), 1);
            break;
        }
      }
    };

    for (let position = 0; ; position += SLICE_SAMPLES) {
      // The relay ended the conversation: nothing more can be said in it.
      if (this.client.ended) break;
      const fromFile = position < samples.length;
      // After the file, a microphone would go on hearing silence: keep going until the
      // endpointer ends the utterance (bounded).
      if (
        !fromFile &&
        (gate.activeTurnId === null || position - samples.length > tailChunks * CHUNK_SAMPLES)
      )
        break;
      const block = fromFile
        ? padTo(samples.subarray(position, position + SLICE_SAMPLES), SLICE_SAMPLES)
        : silence;
      await sleepUntil(wallAt(position + SLICE_SAMPLES));
      const sentAt = now();
      const actions: GateAction[] = [];
      for (const chunk of chunker.push(block)) actions.push(...gate.chunk(chunk));
      const handle = (e: EndpointEvent) => {
        if (e.type === 'speech-start') {
          onsetAt = wallAt(e.sample);
          policy?.reset();
          actions.push(...gate.speechStart(e.sample));
        } else if (e.type === 'speech-pause' || e.type === 'speech-resume') {
          const turnId = gate.activeTurnId;
          const atMs = (e.sample * 1000) / SAMPLE_RATE_HZ;
          if (e.type === 'speech-pause') {
            // The silence counts from the end of the last speech frame, as the page counts it
            // from its last speech: not from `pauseMs` before the pause was found, which a soft
            // tail between the speech and silence levels would put later.
            policy?.pauseStarted((e.speechEndSample * 1000) / SAMPLE_RATE_HZ);
            const voice = voiceBefore(samples, e.sample - msToSamples(pauseMs));
            if (turnId !== null) voices.set(turnId, [...(voices.get(turnId) ?? []), voice]);
            if (options.prosody !== false) policy?.voice(voice);
          } else policy?.speechResumed(atMs);
          if (turnId !== null && options.speculate !== false)
            pauses.push({ type: e.type, turnId, sample: e.sample });
        } else if (e.type === 'misfire') {
          policy?.reset();
          actions.push(...gate.misfire());
        } else if (e.type === 'speech-end') {
          const turnId = gate.activeTurnId;
          if (turnId !== null) speechEndSample.set(turnId, e.speechEndSample);
          if (turnId !== null && policy) decisions.set(turnId, checked ?? policy.current);
          checked = null;
          policy?.reset();
          actions.push(...gate.speechEnded(e.speechEndSample, e.sample));
        }
      };
      for (const e of endpointer.push(block)) handle(e);
      // After this slice's events: the policy's wait is over, the endpointer ends it now.
      const ended = policy?.check((endpointer.sample * 1000) / SAMPLE_RATE_HZ) ?? null;
      // The decision that ended it says whether it held for the final words.
      if (ended) checked = ended;
      const forced = ended ? endpointer.end() : null;
      if (forced) handle(forced);
      run(actions, sentAt);
      // After the chunks holding it were sent: the relay may answer from the audio so far.
      for (const p of pauses.splice(0)) {
        if (p.type === 'speech-resume')
          this.client.send({ type: 'utterance.resume', turnId: p.turnId });
        else {
          pauseSeq = chunker.nextSeq - 1;
          this.client.send({ type: 'utterance.pause', turnId: p.turnId, lastSeq: pauseSeq });
        }
      }
    }
    // The file ended mid-speech even after the silence tail: end the utterance here.
    run(gate.forceEnd(), now());
    this.client.onPartial = null;
    this.nextSeq = chunker.nextSeq;
    this.nextTurnId = lastTurnId + 1;

    const reports: TurnReport[] = [];
    for (const turnId of started) {
      const t = await this.client.waitForTurn(turnId, options.replyTimeoutMs ?? 30_000);
      const r = report(t, markers.get(turnId), this.client.ready.outputSampleRateHz);
      r.endOfTurn = decisions.get(turnId) ?? null;
      r.pauseVoices = voices.get(turnId) ?? [];
      const ended = this.client.ended;
      if (ended && t.status === null) r.errors.push(endedText(ended));
      reports.push(r);
    }
    return reports;
  }
}

/** Why the turn has no answer: the relay ended the conversation (what it said, its code). */
export function endedText(ended: { code: number; reason: string }): string {
  return `connection ended (${ended.code}): ${ended.reason}`;
}

const msToSamples = (ms: number) => Math.round((ms * SAMPLE_RATE_HZ) / 1000);

/**
 * The voice before a pause whose silence began about `silentFrom` (a sample of `samples`): the
 * audio of the window before it, and a frame after (the endpointer's frames lag a little).
 */
function voiceBefore(samples: Float32Array, silentFrom: number): PauseProsody {
  const end = Math.min(samples.length, silentFrom + SLICE_SAMPLES);
  return prosodyAtPause(samples.subarray(Math.max(0, end - msToSamples(PROSODY_WINDOW_MS)), end));
}

function padTo(x: Float32Array, n: number): Float32Array {
  if (x.length === n) return x;
  const out = new Float32Array(n);
  out.set(x);
  return out;
}
/** When a turn's speech started and ended in the file, and its end was sent (epoch ms). */
interface Markers {
  speechStartAtMs: number | null;
  speechEndAtMs: number;
  endSentAtMs: number;
}

function report(t: TurnRecord, m: Markers | undefined, rate: number): TurnReport {
  const firstPartialAt = t.partials[0]?.atMs;
  const rt = t.relayTimings;
  return {
    turnId: t.turnId,
    status: t.status,
    transcript: t.transcript ?? '',
    reply: t.replyText,
    replyAudioMs: Math.round((t.audioSamples * 1000) / rate),
    timings: {
      endpointingMs: m ? (round(m.endSentAtMs - m.speechEndAtMs) ?? 0) : 0,
      firstPartialMs:
        m?.speechStartAtMs != null && firstPartialAt !== undefined
          ? round(firstPartialAt - m.speechStartAtMs)
          : null,
      transcriptMs: m && t.transcriptAtMs !== null ? round(t.transcriptAtMs - m.endSentAtMs) : null,
      asrFinalMs: round(rt.asrFinalMs),
      llmFirstTokenMs: round(rt.llmFirstTokenMs),
      ttsFirstAudioMs: round(rt.ttsFirstAudioMs),
      ttsTotalMs: round(rt.ttsTotalMs),
      relayFirstAudioMs: round(rt.relayFirstAudioMs),
      endToFirstAudioMs:
        m && t.firstAudioAtMs !== null ? round(t.firstAudioAtMs - m.endSentAtMs) : null,
      voiceToVoiceMs:
        m && t.firstAudioAtMs !== null ? round(t.firstAudioAtMs - m.speechEndAtMs) : null,
    },
    endOfTurn: null,
    pauseVoices: [],
    speechEndAtMs: m ? m.speechEndAtMs : null,
    tools: t.tools,
    progress: t.progress,
    errors: t.errors.map((e) => `${e.code}: ${e.message}`),
  };
}
