import type { PushMessage } from '@parley/shared';
import { describeError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { PushOutcome, PushSend } from '../../push/web-push-sender.ts';
import type { PushSubscriptionStore, Reminder, ReminderStore } from '../../storage/index.ts';
import { planPushes, type PushPlanOptions } from './push-plan.ts';

/** Reminders read at once; more are read at once after (see {@link planPushes}). */
const READ_LIMIT = 100;
/** setTimeout's longest delay. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

export interface ReminderPusherDeps extends PushPlanOptions {
  reminders: Pick<ReminderStore, 'awaitingPush' | 'claimPush'>;
  subscriptions: Pick<PushSubscriptionStore, 'forUser' | 'drop'>;
  send: PushSend;
  log: Logger;
  /** Epoch ms. */
  now(): number;
  /** Told of each push's outcome (metrics). */
  pushed?(outcome: PushOutcome['kind']): void;
}

/**
 * Pushes each user's due reminders to their subscribed browsers (Web Push), for when no page
 * of theirs rang it: the app is closed, or its page is asleep. Every relay runs one, reading
 * the reminders awaiting a push across users ({@link planPushes} decides when); of several
 * relays reading one due, the one whose claim lands pushes it. One timer per relay.
 */
export class ReminderPusher {
  private timer: NodeJS.Timeout | null = null;
  /** The run in progress; a wake meanwhile runs once more after it. */
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly d: ReminderPusherDeps) {}

  /** Starts keeping time (reads at once). */
  start(): void {
    void this.wake();
  }

  /**
   * Reads again now: a reminder was set or cancelled here, or a browser subscribed (what was
   * armed may be too late for it). Resolves when that read is done.
   */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.run().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.wake();
      }
    });
    this.running = run;
    return run;
  }

  /** Stops the timer (relay shutdown); a push under way finishes. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let wakeAtMs = this.d.now() + this.d.pollMs;
    try {
      const awaiting = await this.d.reminders.awaitingPush(READ_LIMIT);
      const plan = planPushes(awaiting, awaiting.length < READ_LIMIT, this.d.now(), this.d);
      for (const r of plan.skip)
        if (await this.d.reminders.claimPush(r.id))
          this.d.log.info({ reminderId: r.id, dueAt: r.dueAt }, 'reminder too late to push');
      for (const r of plan.push) if (await this.d.reminders.claimPush(r.id)) await this.push(r);
      wakeAtMs = plan.wakeAtMs;
    } catch (err) {
      this.d.log.warn({ err: describeError(err) }, 'could not push reminders; trying again');
    }
    if (this.stopped) return;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, wakeAtMs - this.d.now()));
    this.timer = setTimeout(() => void this.wake(), delay);
    this.timer.unref();
  }

  /** Sends `r` to every browser of its user; forgets those the push service says are gone. */
  private async push(r: Reminder): Promise<void> {
    const message: PushMessage = {
      type: 'reminder',
      reminder: { id: r.id, text: r.text, dueAt: r.dueAt },
    };
    const subs = await this.d.subscriptions.forUser(r.userId);
    const outcomes = await Promise.all(
      subs.map(async (sub) => {
        const outcome = await this.d.send(sub, message);
        this.d.pushed?.(outcome.kind);
        if (outcome.kind === 'gone') await this.d.subscriptions.drop(sub.endpoint);
        return outcome;
      }),
    );
    const kinds = outcomes.map((o) => o.kind);
    const fields = { userId: r.userId, reminderId: r.id, outcomes: kinds };
    if (kinds.some((k) => k === 'refused' || k === 'failed' || k === 'not-allowed'))
      this.d.log.warn(
        { ...fields, statuses: outcomes.map((o) => ('status' in o ? o.status : null)) },
        'a reminder push was not taken by every push service',
      );
    else this.d.log.info(fields, 'reminder pushed');
  }
}
