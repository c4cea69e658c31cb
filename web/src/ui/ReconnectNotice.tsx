import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { keptText } from './reconnect-text.ts';

/**
 * While the connection is away (during a call or a typed conversation): that it is coming back,
 * whether what the user says meanwhile is kept and will be sent — or, past the replay buffer,
 * what will not — and a button to try now instead of at the next scheduled attempt.
 */
export function ReconnectNotice() {
  const call = useCall();
  const connection = useApp((s) => s.connection);
  const uplink = useApp((s) => s.uplink);
  const inCall = useApp((s) => s.call !== 'idle');
  if (connection !== 'reconnecting') return null;
  return (
    <div className="notices">
      <div
        className="notice notice-warn notice-with-action"
        role="status"
        data-testid="reconnect-notice"
      >
        <p>
          Lost the relay — reconnecting…{' '}
          <span data-testid="uplink-kept">{keptText(uplink, inCall)}</span>
        </p>
        <button
          type="button"
          data-testid="retry-now"
          onClick={() => {
            call.retryNow();
          }}
        >
          Retry now
        </button>
      </div>
    </div>
  );
}
