import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { browserKind, micBlockedText } from './mic-blocked-text.ts';
import { useIntl } from 'react-intl';

/**
 * The microphone could not be opened when a call started: typing goes on (the session stays
 * open), the notice says how to allow it in this browser, and "Try again" starts the call again.
 */
export function MicBlockedNotice() {
  const intl = useIntl();
  const call = useCall();
  const failure = useApp((s) => s.micBlocked);
  if (!failure) return null;
  const { title, steps } = micBlockedText(
    intl,
    failure,
    browserKind(navigator.userAgent, navigator.maxTouchPoints),
  );
  return (
    <div className="notices">
      <div
        className="notice notice-error notice-with-action"
        role="alert"
        data-testid="mic-blocked"
        data-state={failure}
      >
        <div>
          <p>{title}</p>
          <ol className="notice-steps">
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
        <button type="button" data-testid="mic-try-again" onClick={() => void call.start()}>
          {intl.formatMessage({ id: 'micBlocked.tryAgain' })}
        </button>
      </div>
    </div>
  );
}
