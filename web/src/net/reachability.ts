import { actions } from '../state/store.ts';
import { relayHttpBase } from './api.ts';
import { timeoutSignal } from './timeout-signal.ts';

/** While the relay does not answer, how often it is asked again (ms). */
const RECHECK_MS = 5_000;
/** How long one health check may take (ms). */
const CHECK_TIMEOUT_MS = 5_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let checking: Promise<boolean> | null = null;

async function probe(): Promise<boolean> {
  try {
    const res = await fetch(`${relayHttpBase()}/health`, {
      cache: 'no-store',
      signal: timeoutSignal(CHECK_TIMEOUT_MS),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Asks the relay's `/health` now (one check at a time) and writes the answer to the store;
 * while it does not answer, asks again every few seconds. Resolves with the answer.
 */
export function checkRelay(): Promise<boolean> {
  clearTimeout(timer);
  checking ??= probe().then((ok) => {
    checking = null;
    actions.setRelayReachable(ok);
    if (!ok) timer = setTimeout(() => void checkRelay(), RECHECK_MS);
    return ok;
  });
  return checking;
}

/** The relay could not be reached (a call's connection found so): watch for it to come back. */
export function relayUnreachable(): void {
  actions.setRelayReachable(false);
  clearTimeout(timer);
  timer = setTimeout(() => void checkRelay(), RECHECK_MS);
}

/** A connection reached the relay: no need to ask. */
export function relayReached(): void {
  clearTimeout(timer);
  actions.setRelayReachable(true);
}
