import { FormattedMessage } from 'react-intl';
import { useApp } from '../state/store.ts';

const kbd = (chunks: React.ReactNode[]) => <kbd>{chunks}</kbd>;

/**
 * The call's keys, shown where there is a keyboard (see `call-keys.ts`; hidden on touch screens
 * by controls.css). Each control also names its key in `aria-keyshortcuts` and its tooltip.
 */
export function KeyHints() {
  const pushToTalk = useApp((s) => s.inputMode === 'push-to-talk');
  return (
    <p className="key-hints" data-testid="key-hints">
      <FormattedMessage id="keys.hints" values={{ kbd }} />
      {pushToTalk ? (
        <>
          {' '}
          <FormattedMessage id="keys.space" values={{ kbd }} />
        </>
      ) : null}
    </p>
  );
}
