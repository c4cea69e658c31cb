import type { BargeInRule, Eagerness, UserPreferences } from '@parley/shared';
import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import { turnPreferences, type TurnPreferences } from '../../preferences/turn-preferences.ts';

/** Where a session finds its user's preferences (the relay's `PreferencesService`). */
export interface PreferencesSource {
  /** What the user saved last (from memory once known; another relay's save after a poll). */
  read(userId: string): Promise<UserPreferences>;
  /** The last known, without waiting. */
  known(userId: string): UserPreferences;
}

/**
 * The user's preferences for the turn starting now (they may have changed them since their last
 * turn): the turn's pipeline waits for them before its LLM request. The turn keeps what it got: a change while it runs applies
 * from the next one. A read that fails leaves the last known ones. No source: none (the
 * providers' configured prompt and voice).
 */
export function preferencesForTurn(
  source: PreferencesSource | undefined,
  userId: string,
  log: Logger,
  heldLanguage?: string,
): Promise<TurnPreferences> | undefined {
  if (!source) return undefined;
  const forTurn = (p: UserPreferences) =>
    turnPreferences(heldLanguage === undefined ? p : { ...p, language: heldLanguage });
  return source.read(userId).then(forTurn, (err: unknown) => {
    log.warn({ err: describeError(err) }, 'could not read the preferences: the last known apply');
    return forTurn(source.known(userId));
  });
}

/** Turns whose preferences are kept: the one answered, one starting, a few superseded. */
const KEPT_TURNS = 4;

/**
 * A session's user's preferences, read at the start of each turn and kept with the turn: its
 * real run and its speculative ones use what was read when it started.
 */
export class SessionPreferences {
  private recent: { turnId: number; prefs: Promise<TurnPreferences> }[] = [];
  /** The language the session is held in whatever the user saved (see {@link hold}). */
  private held: string | undefined;

  constructor(
    private readonly source: PreferencesSource | undefined,
    private readonly userId: string,
    private readonly log: Logger,
    private readonly defaultEagerness: Eagerness = 'balanced',
  ) {}

  /** Turn `turnId` starts (an utterance, a typed message): its preferences are read. */
  turnStarted(turnId: number): void {
    const prefs = preferencesForTurn(this.source, this.userId, this.log, this.held);
    if (!prefs) return;
    this.recent = [...this.recent.slice(1 - KEPT_TURNS), { turnId, prefs }];
  }

  /** Turn `turnId`'s preferences (the latest read for a turn not seen); none without a source. */
  of(turnId: number): Promise<TurnPreferences> | undefined {
    return (this.recent.find((r) => r.turnId === turnId) ?? this.recent.at(-1))?.prefs;
  }

  /** How soon the user's turns end at a pause (the last known; else the relay's default). */
  eagerness(): Eagerness {
    return this.source?.known(this.userId).eagerness ?? this.defaultEagerness;
  }

  /** How a sound over the reply is judged (the last known; absent: by its words). */
  bargeIn(): BargeInRule {
    return this.source?.known(this.userId).stopAtAnySound === true ? 'any-sound' : 'words';
  }

  /** Whether a silent call is checked on, then ended (the last known; absent: on). */
  checkInOnSilence(): boolean {
    return this.source?.known(this.userId).checkInOnSilence !== false;
  }

  /**
   * Holds the session in `language` from its next turn on, whatever the user saved: the page
   * that embeds the assistant says the language its visitors read (relay/src/session/page-language.ts).
   */
  hold(language: string): void {
    this.held = language;
  }

  /** The language the user speaks, for a recogniser starting now (held, else the last known). */
  language(): string | undefined {
    return this.held ?? this.source?.known(this.userId).language;
  }
}
