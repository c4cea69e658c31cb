import { useApp } from '../state/store.ts';
import { useCall } from './call-context.ts';
import { chosenDevice, deviceOptions, meterLevel, shownOption } from './device-options.ts';
import { useMediaDevices } from './use-media-devices.ts';
import type { MessageId, MessageValues } from '../i18n/intl.ts';
import { useMicCheck } from './use-mic-check.ts';
import './mic-check.css';
import { useIntl } from 'react-intl';

/**
 * Which microphone and speaker the call uses, with the microphone's live level. Remembered per
 * browser; switched at once mid-call (the conversation goes on). Before a call, the microphone
 * can be tested: its level shows, and the browser then names the devices (it names none before
 * the page may use one). The speaker picker is shown only where the browser lets a page choose
 * its output.
 */
export function DevicePicker() {
  const intl = useIntl();
  const t = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const { controls } = useCall();
  const idle = useApp((s) => s.call === 'idle');
  const inCall = useApp((s) => s.call !== 'idle' && s.call !== 'starting');
  const micInUse = useApp((s) => s.micInUse?.deviceId);
  const micChoice = useApp((s) => s.micDeviceId);
  const speakerChoice = useApp((s) => s.speakerDeviceId);
  const speakerSelectable = useApp((s) => s.speakerSelectable);
  const muted = useApp((s) => s.muted);
  const level = useApp((s) => meterLevel(s.micLevel));
  const check = useMicCheck(micChoice, idle);
  // Listed again when a call or the test opens a microphone: the names come then.
  const devices = useMediaDevices(`${String(inCall)} ${check.opened ?? ''}`);
  const inputs = deviceOptions(intl, devices, 'audioinput');
  const outputs = deviceOptions(intl, devices, 'audiooutput');
  return (
    <div className="device-picker" id="device-picker" data-testid="device-picker">
      <label className="device-field">
        <span>{t('devices.microphone')}</span>
        <select
          data-testid="mic-select"
          value={shownOption(inputs, [micInUse, micChoice, 'default'])}
          onChange={(e) => controls.selectMic(chosenDevice(e.target.value))}
        >
          {inputs.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <meter
        className="mic-level"
        data-testid="mic-level"
        aria-label={t(muted && inCall ? 'devices.levelMuted' : 'devices.level')}
        min={0}
        max={1}
        value={inCall ? level : meterLevel(check.level)}
      />
      {idle ? (
        <div className="mic-check">
          <button
            type="button"
            data-testid="mic-test"
            aria-pressed={check.testing}
            onClick={check.testing ? check.stop : check.start}
          >
            {t(check.testing ? 'devices.stopTest' : 'devices.test')}
          </button>
          <span className="mic-check-hint" role="status" data-testid="mic-test-status">
            {check.error ??
              (check.testing
                ? check.opened === null
                  ? t('devices.opening')
                  : t('devices.listeningTo', {
                      device: check.opened || t('devices.theMicrophone'),
                    })
                : '')}
          </span>
        </div>
      ) : null}
      {speakerSelectable ? (
        <label className="device-field">
          <span>{t('devices.speaker')}</span>
          <select
            data-testid="speaker-select"
            value={shownOption(outputs, [speakerChoice, 'default'])}
            onChange={(e) => controls.selectSpeaker(chosenDevice(e.target.value))}
          >
            {outputs.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );
}
