import { useEffect, useState, useSyncExternalStore } from 'react';
import { relayHttpBase } from '../net/api.ts';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the relay answers its health check (re-checked every 10 s while it does not). */
function useRelayReachable(online: boolean): boolean {
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      let ok = false;
      try {
        const res = await fetch(`${relayHttpBase()}/health`, {
          cache: 'no-store',
          signal: AbortSignal.timeout(5000),
        });
        ok = res.ok;
      } catch {
        ok = false;
      }
      if (stopped) return;
      setReachable(ok);
      if (!ok) timer = setTimeout(() => void check(), 10_000);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [online]);
  return reachable;
}

/**
 * Shown while there is no network or the relay cannot be reached: the app opens from its cache,
 * but cannot talk.
 */
export function OfflineNotice() {
  const online = useSyncExternalStore(subscribe, () => navigator.onLine);
  const reachable = useRelayReachable(online);
  if (online && reachable) return null;
  return (
    <p className="notice notice-error" role="status" data-testid="offline-notice">
      {online
        ? "The relay can't be reached right now. Parley keeps trying; check your connection."
        : "You're offline. Parley needs the network to reach its relay; it reconnects by itself when the network is back."}
    </p>
  );
}
