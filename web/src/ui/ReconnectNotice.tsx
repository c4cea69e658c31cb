import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { keptText } from './reconnect-text.ts';
import { useIntl } from 'react-intl';

/**
 * While the connection is away (during a call or a typed conversation): that it is coming back,
 * whether what the user says meanwhile is kept and will be sent — or, past the replay buffer,
 * what will not — and a button to try now instead of at the next scheduled attempt.
 */
export function ReconnectNotice() {
  const intl = useIntl();
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
          {intl.formatMessage({ id: 'reconnect.lostRelay' })}{' '}
          <span data-testid="uplink-kept">{keptText(intl, uplink, inCall)}</span>
        </p>
        <button
          type="button"
          data-testid="retry-now"
          onClick={() => {
            call.reconnectNow();
          }}
        >
          {intl.formatMessage({ id: 'reconnect.retryNow' })}
        </button>
      </div>
    </div>
  );
}
