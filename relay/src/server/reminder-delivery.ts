import { Counter, type Registry } from 'prom-client';
import { logger } from '../log/logger.ts';
import type { PushConfig } from '../push/push-config.ts';
import type { PushService } from '../push/push-services.ts';
import { vapidKeys } from '../push/vapid-keys.ts';
import { webPushSender } from '../push/web-push-sender.ts';
import type { SessionRegistry } from '../session/registry.ts';
import type { Reminder, Storage } from '../storage/index.ts';
import { BuiltinTools } from '../tools/builtin-tools.ts';
import { ReminderClock } from '../tools/reminders/reminder-clock.ts';
import { ReminderPusher } from '../tools/reminders/reminder-pusher.ts';

/** How long a due reminder is left to the user's open pages before it is pushed (ms). */
const PUSH_GRACE_MS = 3_000;
/** A reminder due longer ago than this is not pushed; it rings, late, in the app (ms). */
const PUSH_MAX_LATE_MS = 86_400_000;
/** Longest the push clock sleeps: a reminder set on another relay is pushed within it (ms). */
const PUSH_POLL_MS = 30_000;
/** How long a push service keeps a push for a browser that is offline (s). */
const PUSH_TTL_S = 86_400;
/** Longest a push service may take to answer (ms). */
const PUSH_TIMEOUT_MS = 10_000;

/** Reminders pushed to the user's browsers while the app is closed (Web Push). */
export interface ReminderPush {
  /** The VAPID public key browsers subscribe with; null when this relay pushes nothing. */
  readonly publicKey: string | null;
  /** Where a subscription may point. */
  readonly services: readonly PushService[];
  /** Reads the reminders awaiting a push again now (a browser subscribed, one was set). */
  wake(): void;
  /** Stops the push clock (relay shutdown). */
  stop(): void;
}

/**
 * Tells every page of `userId` open on this relay that `due` reminders are due (`reminder.due`);
 * returns how many pages were told (a session waiting for its client to come back is none: it
 * is told when the client reconnects).
 */
export function tellDueReminders(
  registry: Pick<SessionRegistry, 'all'>,
  userId: string,
  due: readonly Reminder[],
): number {
  let told = 0;
  for (const session of registry.all()) {
    if (session.userId !== userId || !session.attached) continue;
    for (const r of due)
      session.tell({ type: 'reminder.due', reminder: { id: r.id, text: r.text, dueAt: r.dueAt } });
    told++;
  }
  return told;
}

/**
 * The push clock of this relay: off (a null key) when `PUSH_SERVICES` is `none`, or when
 * several relays share the users with no VAPID key pair set for them all.
 */
function startReminderPush(
  storage: Storage,
  options: { config: PushConfig; dataDir: string; clustered: boolean; metrics: Registry },
): ReminderPush {
  const log = logger('relay:push');
  const keys =
    options.config.services.length === 0
      ? null
      : vapidKeys({
          configured: options.config.keys,
          dataDir: options.dataDir,
          clustered: options.clustered,
          log,
        });
  if (!keys) return { publicKey: null, services: [], wake: () => undefined, stop: () => undefined };
  const outcomes = new Counter({
    name: 'parley_reminder_pushes_total',
    help:
      'Reminders pushed to a browser, by what the push service answered: sent, gone (the ' +
      'subscription is forgotten), refused, failed (no answer), not-allowed (not sent).',
    labelNames: ['outcome'],
    registers: [options.metrics],
  });
  const pusher = new ReminderPusher({
    reminders: storage.reminders,
    subscriptions: storage.pushSubscriptions,
    send: webPushSender({
      keys,
      subject: options.config.subject,
      services: options.config.services,
      ttlS: PUSH_TTL_S,
      timeoutMs: PUSH_TIMEOUT_MS,
    }),
    graceMs: PUSH_GRACE_MS,
    maxLateMs: PUSH_MAX_LATE_MS,
    pollMs: PUSH_POLL_MS,
    log,
    now: Date.now,
    pushed: (outcome) => outcomes.inc({ outcome }),
  });
  pusher.start();
  return {
    publicKey: keys.publicKey,
    services: options.config.services,
    wake: () => void pusher.wake(),
    stop: () => pusher.stop(),
  };
}

/**
 * The built-in tools, the reminder clock that rings what they set on the pages `registry`
 * holds, and the push clock that pushes what no page rang: one of each per relay.
 */
export function startBuiltinTools(
  storage: Storage,
  registry: Pick<SessionRegistry, 'all'>,
  options: {
    enabled: boolean;
    push: PushConfig;
    dataDir: string;
    /** Several relays serve the users (Redis). */
    clustered: boolean;
    metrics: Registry;
  },
): { tools: BuiltinTools; reminders: ReminderClock; push: ReminderPush } {
  const reminders = new ReminderClock({
    store: storage.reminders,
    tell: (userId, due) => tellDueReminders(registry, userId, due),
    log: logger('relay:reminders'),
    now: Date.now,
  });
  const push = startReminderPush(storage, {
    config: options.push,
    dataDir: options.dataDir,
    clustered: options.clustered,
    metrics: options.metrics,
  });
  const tools = new BuiltinTools({
    storage,
    reminderChanged: (userId) => {
      void reminders.changed(userId);
      push.wake();
    },
    enabled: options.enabled,
  });
  return { tools, reminders, push };
}
