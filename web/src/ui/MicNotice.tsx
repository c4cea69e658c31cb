import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { micNoticeText } from './mic-notice-text.ts';
import { useIntl } from 'react-intl';

/**
 * The microphone during a call: paused (the phone took it), coming back, or waiting for the
 * user — with the one button that helps; and, briefly, which input took over from one that
 * went away.
 */
export function MicNotice() {
  const intl = useIntl();
  const call = useCall();
  const mic = useApp((s) => s.mic);
  const switchedTo = useApp((s) => s.micSwitchedTo);
  const notice = micNoticeText(intl, mic);
  if (!notice && !switchedTo) return null;
  return (
    <div className="notices">
      {notice ? (
        <p
          className={`notice notice-with-action ${notice.state === 'stuck' ? 'notice-error' : 'notice-warn'}`}
          role={notice.state === 'stuck' ? 'alert' : 'status'}
          data-testid="mic-status"
          data-state={notice.state}
        >
          <span>{notice.text}</span>
          {notice.action ? (
            <button type="button" data-testid="mic-retry" onClick={() => call.retryMic()}>
              {notice.action}
            </button>
          ) : null}
        </p>
      ) : null}
      {switchedTo ? (
        <p className="notice notice-info" role="status" data-testid="mic-switched">
          {intl.formatMessage({ id: 'mic.switched' }, { device: switchedTo })}
        </p>
      ) : null}
    </div>
  );
}
