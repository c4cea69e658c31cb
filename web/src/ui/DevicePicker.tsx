import { useApp } from '../state/store.ts';
import { controls } from '../voice/call-controls.ts';
import { chosenDevice, deviceOptions, shownOption } from './device-options.ts';
import { useMediaDevices } from './use-media-devices.ts';

/**
 * Which microphone and speaker the call uses, with the microphone's live level. Remembered per
 * browser; switched at once mid-call (the conversation goes on). The speaker picker is shown
 * only where the browser lets a page choose its output.
 */
export function DevicePicker() {
  const inCall = useApp((s) => s.call !== 'idle' && s.call !== 'starting');
  const micInUse = useApp((s) => s.micInUse?.deviceId);
  const micChoice = useApp((s) => s.micDeviceId);
  const speakerChoice = useApp((s) => s.speakerDeviceId);
  const speakerSelectable = useApp((s) => s.speakerSelectable);
  const muted = useApp((s) => s.muted);
  // Twenty steps are plenty for a meter, and spare a render per 20 ms capture block.
  const level = useApp((s) => Math.round(Math.min(1, s.micLevel * 4) * 20) / 20);
  const devices = useMediaDevices(inCall);
  const inputs = deviceOptions(devices, 'audioinput');
  const outputs = deviceOptions(devices, 'audiooutput');
  return (
    <div className="device-picker" id="device-picker" data-testid="device-picker">
      <label className="device-field">
        <span>Microphone</span>
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
        aria-label={muted ? 'Microphone level (muted)' : 'Microphone level'}
        min={0}
        max={1}
        value={inCall ? level : 0}
      />
      {speakerSelectable ? (
        <label className="device-field">
          <span>Speaker</span>
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
