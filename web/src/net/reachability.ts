import { actions, type AppActions } from '../state/store.ts';
import { relayHttpBase } from './api.ts';
import { timeoutSignal } from './timeout-signal.ts';

/** While the relay does not answer, how often it is asked again (ms). */
const RECHECK_MS = 5_000;
/** How long one health check may take (ms). */
const CHECK_TIMEOUT_MS = 5_000;

/** Whether the relay answers, as the store shows it (see {@link createReachability}). */
export interface Reachability {
  /**
   * Asks the relay's `/health` now (one check at a time) and writes the answer to the store;
   * while it does not answer, asks again every few seconds. Resolves with the answer.
   */
  check(): Promise<boolean>;
  /** The relay could not be reached (a call's connection found so): watch for it to come back. */
  unreachable(): void;
  /** A connection reached the relay: no need to ask. */
  reached(): void;
  /** Stops watching: no check is scheduled any more. */
  stop(): void;
}

/** Watches whether the relay at `httpBase()` answers, for the store of `to`. */
export function createReachability(to: AppActions, httpBase: () => string): Reachability {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checking: Promise<boolean> | null = null;
  let stopped = false;

  const probe = async (): Promise<boolean> => {
    try {
      const res = await fetch(`${httpBase()}/health`, {
        cache: 'no-store',
        signal: timeoutSignal(CHECK_TIMEOUT_MS),
      });
      return res.ok;
    } catch {
      return false;
    }
  };

  const later = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void check(), RECHECK_MS);
  };
  const check = (): Promise<boolean> => {
    clearTimeout(timer);
    checking ??= probe().then((ok) => {
      checking = null;
      to.setRelayReachable(ok);
      if (!ok) later();
      return ok;
    });
    return checking;
  };

  return {
    check,
    unreachable: () => {
      to.setRelayReachable(false);
      later();
    },
    reached: () => {
      clearTimeout(timer);
      to.setRelayReachable(true);
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The page's watch on its relay. */
export const pageReachability = createReachability(actions, relayHttpBase);

/** Asks the page's relay whether it answers (see {@link Reachability.check}). */
export function checkRelay(): Promise<boolean> {
  return pageReachability.check();
}
