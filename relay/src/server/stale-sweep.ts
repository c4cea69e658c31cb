import type { Logger } from '../log/logger.ts';
import type { SessionRegistry } from '../session/registry.ts';
import type { Storage } from '../storage/index.ts';

/** With several relays: how often each marks its sessions alive and ends the abandoned ones. */
const TOUCH_MS = 60_000;

/** A session nobody marked alive for this long was left by a relay that died. */
const STALE_MS = 5 * TOUCH_MS;

/**
 * Several relays share the database: each marks the sessions it holds alive every minute, and
 * ends those nobody marked for five (their relay died and no client came back for them).
 */
export function startStaleSweep(storage: Storage, registry: SessionRegistry, log: Logger) {
  const timer = setInterval(() => {
    void (async () => {
      for (const s of registry.all()) await storage.sessions.touch(s.id);
      const swept = await storage.sessions.endStale({ idleMs: STALE_MS, reason: 'stale' });
      if (swept.length > 0) log.info({ sessions: swept.length }, 'ended abandoned sessions');
    })().catch((err: unknown) => log.warn({ err: String(err) }, 'stale-session sweep failed'));
  }, TOUCH_MS);
  timer.unref();
  return timer;
}
