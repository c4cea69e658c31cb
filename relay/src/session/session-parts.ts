import type { Eagerness, ServerMessage } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { SpeechEndTimes } from '../observability/speech-end-times.ts';
import { combineObservers, type TurnObserver } from '../observability/turn-observer.ts';
import type { Tracing } from '../observability/tracing/turn-trace.ts';
import type { ChatMessage } from '../providers/stages/llm.ts';
import type { Providers } from '../providers/stages/providers.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import { pinProviders } from '../providers/live-providers.ts';
import type { Storage } from '../storage/index.ts';
import type { ToolSource } from '../tools/tool.ts';
import { DEFAULT_TOOL_ROUNDS, type ToolRoundsConfig } from '../tools/tool-rounds-config.ts';
import { NO_TOOLS } from '../tools/tool-source.ts';
import { Toolbox } from '../tools/toolbox.ts';
import type { TurnTracker } from '../watchdogs/turn-watch.ts';
import { AttachedLink, type SessionLink } from './wire/attached-link.ts';
import { CallQuiet } from './quiet/call-quiet.ts';
import type { SessionBilling } from './turns/billing.ts';
import { ClientProgress } from './wire/client-progress.ts';
import { PCM16_BOTH_WAYS, type SessionCodecs } from './wire/codec-choice.ts';
import { ConversationHistory } from './turns/conversation-history.ts';
import { SessionRecognitions, type RecognitionAdmission } from './hearing/recognition-admission.ts';
import { LatestWords } from './wire/latest-words.ts';
import { newResumeSecret, type JournalStore, type RestoredState } from './wire/resume-state.ts';
import { SessionLatencies } from './session-latencies.ts';
import { SessionResume } from './session-resume.ts';
import { TurnOutputs } from './turns/turn-output.ts';
import { SessionPreferences, type PreferencesSource } from './turns/turn-preferences.ts';
import { TurnRecorder } from './turns/turn-recorder.ts';
import { TurnLogs } from './turns/turn-logs.ts';
import { TurnTraces } from './turns/turn-traces.ts';
import { SessionTools } from './tools/session-tools.ts';
import { Turns } from './turns/turns.ts';
import { Utterances } from './hearing/utterances.ts';

export interface SessionDeps {
  /** The stages' provider chains, and the embedded voice for apologies when the LLM is down. */
  providers: Providers & { fallbackVoice?: TtsProvider };
  storage: Storage;
  historyMessages: number;
  log: Logger;
  now: () => number;
  /** Told of every finished turn, barge-in and voice-to-voice report (metrics, dumps). */
  observer: TurnObserver;
  /** Each turn's trace (OpenTelemetry). Absent: tracing is off. */
  tracing?: Tracing;
  /** Keeps the turn output of a session saved for a resume elsewhere. */
  journals: JournalStore;
  /** Asked before every recogniser starts (per-user and per-relay limits). */
  recognitions: RecognitionAdmission;
  /** The user's preferences (persona, voice…), read at each turn start. Absent: none apply. */
  preferences?: PreferencesSource;
  /** The end-of-turn eagerness of a user who chose none. Default `balanced`. */
  defaultEagerness?: Eagerness;
  /** The model's first word later than this gets a short line (ms; see TurnOptions). */
  lateFirstTokenMs?: number;
  /** Told of every turn answered (the stuck-turn watchdog). Absent: none is watched. */
  turnWatch?: TurnTracker;
  /**
   * The tools the user's turns may call (issue 48), which the model calls — and the offline
   * responder runs by its rules. Absent: none.
   */
  tools?: ToolSource;
  /** How far a turn may go in calling tools. Absent: the defaults (`TOOL_*` unset). */
  toolRounds?: ToolRoundsConfig;
}

export interface SessionInit {
  id: string;
  userId: string;
  outputRateHz: number;
  timeZone: string | undefined;
  /** How its audio travels (chosen at its start). Default: PCM16 both ways. */
  codecs?: SessionCodecs;
  /** Frees the user's concurrent-session slot; called once when the session closes. */
  release: () => void;
  billing: (send: (m: ServerMessage) => void) => SessionBilling;
  /** For a session restored after a relay restart: what it had reached. */
  restored?: RestoredState;
  /** For a past conversation the user continues: what the LLM is told, and its last turn. */
  continued?: ContinuedState;
}

/** A past conversation opened again (see `continueSession`). */
export interface ContinuedState {
  history: ChatMessage[];
  /** The conversation's last stored turn: the client's turns come after it. */
  lastTurnId: number;
}

/** A session's parts, built and wired to each other (see {@link buildSessionParts}). */
export type SessionParts = ReturnType<typeof buildSessionParts>;

/**
 * Builds the parts of a session attached to `link`, new, continued or restored (`init`), and
 * wires them to each other: what each tells the client goes through the attached link, what
 * each reports goes to the observer (see {@link guardedNotify}).
 */
export function buildSessionParts(link: SessionLink, deps: SessionDeps, init: SessionInit) {
  const { id, userId, outputRateHz, timeZone, restored, continued } = init;
  const codecs = init.codecs ?? PCM16_BOTH_WAYS;
  const { now, providers } = deps;
  const log = deps.log.child({ sessionId: id });
  const turnLogs = new TurnLogs(log);
  const turnLog = (turnId: number) => turnLogs.of(turnId);
  const traces = deps.tracing ? new TurnTraces(deps.tracing, id, now) : null;
  const attached = new AttachedLink(link);
  // The session's own turns, summed in the line its end logs.
  const latencies = new SessionLatencies();
  const notify = guardedNotify(combineObservers(deps.observer, latencies), log);
  const progress = new ClientProgress(
    (seq, urgency) => attached.send({ type: 'ack', seq }, urgency),
    restored
      ? { lastTurnId: restored.state.lastTurnId, ackedSeq: restored.state.ackedSeq, resumed: true }
      : { lastTurnId: continued?.lastTurnId ?? -1, ackedSeq: -1, resumed: false },
  );
  const out = new TurnOutputs(
    () => attached.channel(),
    now,
    outputRateHz,
    restored?.state.outSeq ?? 0,
    restored?.journal,
  );
  const history = new ConversationHistory(
    deps.historyMessages,
    restored?.history ?? continued?.history,
  );
  // The running cost is for display: it may wait to leave with other output.
  const billing = init.billing((m) => attached.send(m, m.type === 'cost' ? 'soon' : 'now'));
  const secret = restored?.secret ?? newResumeSecret();
  const recorder = new TurnRecorder(
    {
      storage: deps.storage,
      sessionId: id,
      userId,
      resumeSecret: secret,
      log,
      takeEntries: (turnId) => billing.takeEntries(turnId),
    },
    restored?.state.lastTurnId ?? continued?.lastTurnId,
  );
  // The words of the utterance being spoken, told again to a client that resumes.
  const words = new LatestWords();
  // Declared below: the resume asks it which utterance is still open.
  let utterances: Utterances | null = null;
  const resume = new SessionResume({
    sessionId: id,
    secret,
    createdAt: restored?.state.createdAt ?? now(),
    outputRateHz,
    timeZone,
    codecs,
    progress,
    out,
    recorder,
    journals: deps.journals,
    openWords: () => words.of(utterances?.current?.turnId),
    notify,
  });
  /** The user's preferences, as each turn read them at its start. */
  const prefs = new SessionPreferences(deps.preferences, userId, log, deps.defaultEagerness);
  // The first turn's requests should find their connections open, and so should those of a
  // turn begun after a pause that outlasted the idle ones: opened at the start of the session
  // and whenever the user starts speaking (a no-op while they are open).
  providers.warm?.();
  const recognitions = new SessionRecognitions(
    deps.recognitions,
    () => {
      const pinned = pinProviders(providers);
      pinned.providers.warm?.();
      return { asr: pinned.providers.asr, release: pinned.release };
    },
    userId,
    () => prefs.language(),
  );
  const tools = new SessionTools({
    source: deps.tools ?? NO_TOOLS,
    config: deps.toolRounds ?? DEFAULT_TOOL_ROUNDS,
    userId,
    sessionId: id,
    log,
    tell: (message) => attached.send(message),
  });
  const quiet = new CallQuiet(now());
  const turns = new Turns({
    sessionId: id,
    providers,
    billing,
    history,
    recorder,
    out,
    speechEnds: new SpeechEndTimes(),
    outputRateHz,
    ...(codecs.down === 'opus' ? { opusReply: { bitrate: codecs.downBitrate ?? 24_000 } } : {}),
    timeZone,
    ...(deps.lateFirstTokenMs === undefined ? {} : { lateFirstTokenMs: deps.lateFirstTokenMs }),
    ...(deps.tools
      ? {
          toolbox: new Toolbox(deps.tools, {
            userId,
            sessionId: id,
            ...(timeZone === undefined ? {} : { timeZone }),
            now: () => Date.now(),
          }),
        }
      : {}),
    preferences: (turnId) => prefs.of(turnId),
    tools,
    turnLog,
    ...(traces ? { traces } : {}),
    now,
    notify,
    ackedSeq: () => progress.ackedSeq,
    acknowledge: (seq) => progress.acknowledge(seq),
    resumeState: (lastTurnId, ackedSeq) => resume.state(lastTurnId, ackedSeq),
    checkpoint: () => resume.checkpoint(),
    fail: (err) => attached.fail(err),
    ...(deps.turnWatch ? { turnWatch: deps.turnWatch } : {}),
    replied: (doneAtMs, audioMs) => quiet.replied(doneAtMs, audioMs),
    storedQuestion: async (turnId) => {
      const stored = await deps.storage.sessions.get(userId, id);
      return stored?.turns.find((t) => t.turnId === turnId)?.userText ?? null;
    },
  });
  utterances = new Utterances({
    recognitions,
    billing,
    recorder,
    turnOptions: (turnId, turnLog) => turns.options(turnId, turnLog),
    asrId: providers.asr.info.id,
    notify,
    turnLog,
    partial: (heard) => {
      words.told(heard);
      attached.send({ type: 'transcript.partial', ...heard });
    },
    cutShort: (turnId, error) => out.for(turnId).error(error),
    language: () => prefs.language(),
  });
  return {
    init,
    codecs,
    log,
    turnLogs,
    traces,
    now,
    storage: deps.storage,
    asrId: providers.asr.info.id,
    attached,
    notify,
    progress,
    out,
    history,
    billing,
    recorder,
    resume,
    recognitions,
    prefs,
    tools,
    turns,
    utterances,
    quiet,
    latencies,
  };
}

/** Tells the observer; a failing observer is logged, never allowed to break the session. */
export function guardedNotify(observer: TurnObserver, log: Logger) {
  return (tell: (observer: TurnObserver) => void): void => {
    try {
      tell(observer);
    } catch (err) {
      log.warn({ err: describeError(err) }, 'turn observer failed');
    }
  };
}
