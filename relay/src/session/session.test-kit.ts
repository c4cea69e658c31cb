import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHUNK_SAMPLES,
  FrameKind,
  decodeAudioFrame,
  parseServerMessage,
  type AudioFrame,
  type ServerMessage,
} from '@parley/shared';
import { loadLimitsConfig } from '../limits/limits-config.ts';
import { createRecognitionLimits } from '../limits/relay-limits.ts';
import type { RelayError } from '../errors.ts';
import { logger, type Logger } from '../log/logger.ts';
import { CostMeter } from '../metering/cost-meter.ts';
import { loadMeteringConfig } from '../metering/metering-config.ts';
import type {
  FinishedTurn,
  MicFrameOutcome,
  SpeculationEvent,
  TurnObserver,
} from '../observability/turn-observer.ts';
import type { JournalEntry } from '../cluster/journal-store.ts';
import { DEFAULT_PREFERENCES } from '../preferences/defaults.ts';
import { PreferencesService } from '../preferences/preferences-service.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import type { ToolSource } from '../tools/tool.ts';
import type { ToolRoundsConfig } from '../tools/tool-rounds-config.ts';
import {
  fakeProviderSet,
  ZERO_LATENCY,
  type FakeLatencies,
  type FakeProviders,
} from '../../test/fakes/providers/provider-set.ts';
import type { FakeLlmOptions } from '../../test/fakes/providers/llm.ts';
import { SessionBilling } from './turns/billing.ts';
import type { SessionLink } from './wire/attached-link.ts';
import { Session } from './session.ts';
import { buildSessionParts } from './session-parts.ts';

/** What the session sent to its connection, decoded, in order. */
export type Sent = { json: ServerMessage } | { audio: AudioFrame } | { failed: string };

/** One connection as the session sees it: records what it is sent. */
export class RecordingLink implements SessionLink {
  readonly sent: Sent[] = [];
  replacedCount = 0;

  send(data: string | Uint8Array<ArrayBuffer>): void {
    if (typeof data === 'string') {
      const parsed = parseServerMessage(data);
      if (!parsed.ok) throw new Error(`the session sent an invalid message: ${data}`);
      this.sent.push({ json: parsed.value });
      return;
    }
    const decoded = decodeAudioFrame(data, FrameKind.Reply);
    if (!decoded.ok) throw new Error(`the session sent an invalid frame: ${decoded.error.message}`);
    this.sent.push({ audio: decoded.value });
  }

  tell(err: RelayError, turnId?: number): void {
    this.sent.push({ json: err.toMessage(turnId) });
  }

  fail(err: RelayError): void {
    this.sent.push({ failed: err.message });
  }

  replaced(): void {
    this.replacedCount++;
  }

  /** The JSON messages of one type. */
  messages<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.sent.flatMap((s) =>
      'json' in s && s.json.type === type ? [s.json as Extract<ServerMessage, { type: T }>] : [],
    );
  }

  /** Reply audio samples sent for `turnId`. */
  replySamples(turnId: number): number {
    return this.sent.reduce(
      (n, s) => n + ('audio' in s && s.audio.turnId === turnId ? s.audio.samples.length : 0),
      0,
    );
  }
}

/** Everything the session reports to its observer (what the relay's metrics count). */
export class RecordingObserver implements TurnObserver {
  readonly turns: FinishedTurn[] = [];
  bargeIns = 0;
  readonly voiceToVoiceSeconds: number[] = [];
  readonly frames: Record<MicFrameOutcome, number> = { accepted: 0, duplicate: 0, missing: 0 };
  readonly speculations: Record<SpeculationEvent, number> = {
    started: 0,
    promoted: 0,
    dropped: 0,
  };
  replayedMessages = 0;
  turnFinished(turn: FinishedTurn): void {
    this.turns.push(turn);
  }
  bargeIn(): void {
    this.bargeIns++;
  }
  voiceToVoice(seconds: number): void {
    this.voiceToVoiceSeconds.push(seconds);
  }
  audioRelayed(): void {}
  micFrames(outcome: MicFrameOutcome, frames: number): void {
    this.frames[outcome] += frames;
  }
  speculation(event: SpeculationEvent): void {
    this.speculations[event]++;
  }
  outputReplayed(messages: number): void {
    this.replayedMessages += messages;
  }
}

export interface SessionKitOptions {
  latencies?: FakeLatencies;
  historyMessages?: number;
  /** What the LLM answers: always the same, or by the messages it is sent. */
  reply?: FakeLlmOptions['reply'];
  /** The tools the user's turns may call. Default: none. */
  tools?: ToolSource;
  /** How far their turns may go with them (`TOOL_*`). Default: the relay's defaults. */
  toolRounds?: ToolRoundsConfig;
  /** Where the session logs. Default: the `test:session` logger. */
  log?: Logger;
  /** The user's language, saved as their preference before the session starts. Default: none. */
  language?: string;
}

/**
 * A session in-process, as a connection would drive it: the in-process fake providers, a real
 * SQLite file (commits unpaced), real metering, and a recording link. Reads like the
 * conversation: `kit.speaks(1, 8)` starts turn 1 and sends 8 chunks, `kit.ends(1)` ends it,
 * `await kit.turnDone(1)` waits for its `turn.done`.
 */
export async function sessionKit(options: SessionKitOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-session-'));
  const storage: Storage = await openStorage({
    sqlitePath: join(dir, 'parley.db'),
    commitIntervalMs: 0,
  });
  const providers: FakeProviders = fakeProviderSet(
    options.latencies ?? ZERO_LATENCY,
    undefined,
    options.reply,
  );
  const metering = loadMeteringConfig({});
  const meter = new CostMeter({ pricing: metering.pricing, now: Date.now });
  const observer = new RecordingObserver();
  // The relay's default recognition limits (the in-process fakes are no local decoders).
  const recognitions = createRecognitionLimits(loadLimitsConfig({}), Date.now);
  const link = new RecordingLink();
  const log = options.log ?? logger('test:session');
  const userId = 'ada';
  const id = `s-${Math.random().toString(36).slice(2)}`;
  await storage.sessions.create({ id, userId });
  let preferences: PreferencesService | undefined;
  if (options.language !== undefined) {
    preferences = new PreferencesService(storage.preferences, log);
    await preferences.save(userId, { ...DEFAULT_PREFERENCES, language: options.language });
  }
  let released = 0;
  /** The turn output saved for a resume elsewhere, by session id. */
  const journals = new Map<string, readonly JournalEntry[]>();
  const session = new Session(
    buildSessionParts(
      link,
      {
        providers: providers.set,
        storage,
        historyMessages: options.historyMessages ?? 40,
        log,
        now: () => performance.timeOrigin + performance.now(),
        observer,
        journals: {
          save: (sessionId, entries) => {
            journals.set(sessionId, entries);
            return Promise.resolve();
          },
          take: () => Promise.resolve(null),
        },
        recognitions,
        ...(options.tools ? { tools: options.tools } : {}),
        ...(options.toolRounds ? { toolRounds: options.toolRounds } : {}),
        ...(preferences ? { preferences } : {}),
      },
      {
        id,
        userId,
        outputRateHz: 16_000,
        timeZone: 'UTC',
        release: () => released++,
        billing: (send) =>
          new SessionBilling({
            meter,
            pricing: metering.pricing,
            budget: metering.budget,
            userId,
            sessionId: id,
            send,
            log,
            userSpend: null,
            spent: () => {},
          }),
      },
    ),
  );
  let seq = 0;
  let closed = false;
  const kit = {
    session,
    link,
    storage,
    providers,
    observer,
    journals,
    get released() {
      return released;
    },
    /** The next microphone seq the kit will send. */
    get seq() {
      return seq;
    },
    /** Turn `turnId` starts and `chunks` chunks of (silent) audio arrive. */
    speaks(turnId: number, chunks: number) {
      session.handle({ type: 'utterance.start', turnId, firstSeq: seq, speechStartAtMs: 0 });
      kit.more(turnId, chunks);
      return kit;
    },
    /** `chunks` more chunks of turn `turnId`. */
    more(turnId: number, chunks: number) {
      for (let i = 0; i < chunks; i++) session.audio(micFrame(seq++, turnId));
      return kit;
    },
    pauses(turnId: number) {
      session.handle({ type: 'utterance.pause', turnId, lastSeq: seq - 1 });
      return kit;
    },
    ends(turnId: number) {
      session.handle({
        type: 'utterance.end',
        turnId,
        lastSeq: seq - 1,
        speechEndAtMs: 0,
        sentAtMs: 0,
      });
      return kit;
    },
    cancels(turnId: number) {
      session.handle({ type: 'utterance.cancel', turnId, reason: 'misfire' });
      return kit;
    },
    types(turnId: number, text: string) {
      session.handle({ type: 'user.text', turnId, text });
      return kit;
    },
    interrupts(turnId: number, playedSamples: number) {
      session.handle({ type: 'interrupt', turnId, playedSamples });
      return kit;
    },
    /** Waits for the `turn.done` of `turnId` (and for everything the session stores). */
    async turnDone(turnId: number) {
      await session.idle();
      const done = link.messages('turn.done').find((m) => m.turnId === turnId);
      if (!done) throw new Error(`no turn.done for turn ${turnId}: ${JSON.stringify(link.sent)}`);
      return done;
    },
    /** The highest seq the session acknowledged to the client. */
    get acked(): number {
      return Math.max(-1, ...link.messages('ack').map((a) => a.seq));
    },
    async stored() {
      return (await storage.sessions.get(userId, id))?.turns ?? [];
    },
    async ledger() {
      return storage.database.db
        .selectFrom('usage_ledger')
        .selectAll()
        .where('session_id', '=', id)
        .execute();
    },
    /** Closes the session, then its storage (once: a second call does nothing). */
    async close(reason = 'ended by the user') {
      if (closed) return;
      closed = true;
      await session.close(reason);
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kit;
}

export type SessionKit = Awaited<ReturnType<typeof sessionKit>>;

/**
 * Opens session kits for the tests of a file (`defaults` unless a test gives its own options)
 * and closes every one after each test.
 */
export function sessionKits(defaults?: SessionKitOptions) {
  const open: SessionKit[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((k) => k.close()));
  });
  return async (options = defaults): Promise<SessionKit> => {
    const k = await sessionKit(options);
    open.push(k);
    return k;
  };
}

/** One 100 ms microphone chunk of silence, as the connection hands it over. */
export function micFrame(seq: number, turnId: number): AudioFrame {
  return {
    kind: FrameKind.Mic,
    seq,
    turnId,
    timestampMs: 0,
    samples: new Int16Array(CHUNK_SAMPLES),
  };
}

/** The `transcript.partial` that sends turn 1's words up to the pause at `pauseSeq`. */
export const pausePartial = (
  text: string,
  pauseSeq: number,
  more: { reading?: 'closed'; closedFollows?: true } = {},
) => ({
  type: 'transcript.partial',
  turnId: 1,
  text,
  pauseSeq,
  ...more,
});
