import { useState } from 'react';
import { useApp } from '../state/store.ts';
import { EndCallButton, MuteButton } from './CallButtons.tsx';
import { DevicePicker } from './DevicePicker.tsx';
import { InputModeSwitch } from './InputModeSwitch.tsx';
import { KeyHints } from './KeyHints.tsx';
import { TalkButton } from './TalkButton.tsx';
import { useCallKeys } from './use-call-keys.ts';
import './controls.css';
import { useT } from '../i18n/use-t.ts';

/**
 * The call in the user's hands: mute, the talk control, end; hands-free or push-to-talk; the
 * microphone and speaker. Keyboard: `Space` push-to-talk, `Esc` stops the reply, `M` mutes.
 */
export function TalkControls() {
  const t = useT();
  const inCall = useApp((s) => s.call !== 'idle' && s.call !== 'starting');
  const [showDevices, setShowDevices] = useState(false);
  useCallKeys();
  return (
    <div className="talk-controls">
      <div className="talk-row">
        <div className="talk-side">{inCall ? <MuteButton /> : null}</div>
        <TalkButton />
        <div className="talk-side">{inCall ? <EndCallButton /> : null}</div>
      </div>
      <div className="talk-settings">
        <InputModeSwitch />
        <button
          type="button"
          className="devices-button"
          data-testid="devices-button"
          aria-expanded={showDevices}
          aria-controls={showDevices ? 'device-picker' : undefined}
          onClick={() => setShowDevices((v) => !v)}
        >
          {t('controls.devices')}
        </button>
      </div>
      {showDevices ? <DevicePicker /> : null}
      {inCall ? <KeyHints /> : null}
    </div>
  );
}
