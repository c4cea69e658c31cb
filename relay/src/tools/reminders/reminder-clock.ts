import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { Reminder, ReminderStore } from '../../storage/index.ts';
import { planReminders } from './reminder-plan.ts';

/** setTimeout's longest delay (≈ 24.8 days): a reminder further ahead is re-planned then. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export interface ReminderClockDeps {
  store: Pick<ReminderStore, 'pending' | 'delivered'>;
  /**
   * Tells the user's pages open on this relay that `reminders` are due; returns how many pages
   * were told (0: none is open, they are told when the user next connects).
   */
  tell(userId: string, reminders: readonly Reminder[]): number;
  log: Logger;
  /** Epoch ms. */
  now(): number;
}

interface Watched {
  timer: NodeJS.Timeout | null;
  /**
   * Reminders told to the pages open now, waiting for one to say it rang them. Forgotten with
   * the user: told again then, which a page that rang one already ignores (by its id).
   */
  told: Set<string>;
  /** Bumped by each plan, so a slower, older one does not arm its stale timer. */
  generation: number;
}

/**
 * Rings each user's reminders on time while a page of theirs is open on this relay: one timer
 * per such user, armed for their next reminder (see {@link planReminders}). Users with no page
 * open have no timer: what came due meanwhile is told when they next connect
 * ({@link connected}), from storage, so a restart or a reload loses nothing.
 */
export class ReminderClock {
  private readonly users = new Map<string, Watched>();

  constructor(private readonly d: ReminderClockDeps) {}

  /** A page of the user's connected (or reconnected): tell it what is due, then keep time. */
  connected(userId: string): Promise<void> {
    // A new page has been told nothing yet (the others ring a reminder once: they know its id).
    this.forget(userId);
    return this.plan(userId);
  }

  /**
   * The user's reminders changed (set or cancelled): plan again. Costs one read; a user with no
   * page open here is forgotten again at once.
   */
  changed(userId: string): Promise<void> {
    return this.plan(userId);
  }

  /** A page of the user's rang reminder `id`: it is not told again, to any page. */
  async rang(userId: string, id: string): Promise<void> {
    this.users.get(userId)?.told.delete(id);
    try {
      await this.d.store.delivered(userId, id);
    } catch (err) {
      this.d.log.warn({ err: describeError(err) }, 'could not mark a reminder rung; told again');
    }
  }

  /** Users with a timer (a page open when it was last armed, and a reminder ahead). */
  get watching(): number {
    return this.users.size;
  }

  /** Stops every timer (relay shutdown). */
  stop(): void {
    for (const w of this.users.values()) if (w.timer) clearTimeout(w.timer);
    this.users.clear();
  }

  private async plan(userId: string): Promise<void> {
    let watched = this.users.get(userId);
    if (!watched) {
      watched = { timer: null, told: new Set(), generation: 0 };
      this.users.set(userId, watched);
    }
    const generation = ++watched.generation;
    let pending: Reminder[];
    try {
      pending = await this.d.store.pending(userId);
    } catch (err) {
      this.d.log.warn(
        { err: describeError(err) },
        'could not read reminders; told on next connect',
      );
      return;
    }
    if (this.users.get(userId) !== watched || watched.generation !== generation) return;
    const now = this.d.now();
    const plan = planReminders(pending, now, watched.told);
    if (plan.due.length > 0) {
      if (this.d.tell(userId, plan.due) === 0) {
        // No page open here any more: nothing to keep time for until the user comes back.
        this.forget(userId);
        return;
      }
      for (const r of plan.due) watched.told.add(r.id);
    }
    if (watched.timer) clearTimeout(watched.timer);
    watched.timer = null;
    // Nothing ahead: no timer to keep (a reminder set later plans again).
    if (plan.wakeAtMs === null) {
      this.forget(userId);
      return;
    }
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, plan.wakeAtMs - now));
    watched.timer = setTimeout(() => void this.plan(userId), delay);
    watched.timer.unref();
  }

  private forget(userId: string): void {
    const watched = this.users.get(userId);
    if (watched?.timer) clearTimeout(watched.timer);
    this.users.delete(userId);
  }
}
