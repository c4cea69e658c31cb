import { startCapture, type MicCapture } from '../audio/capture.ts';
import { captureConstraints, type ProcessingOptions } from '../audio/capture-constraints.ts';
import { GestureMic } from '../mic/gesture-mic.ts';
import { inputToOpen } from '../mic/input-device.ts';
import { ResilientMic } from '../mic/resilient-mic.ts';
import type { ResilientMicEvents } from '../mic/resilient-mic-options.ts';
import type { CallDeps } from './call-deps.ts';
import { MicUnavailableError } from './call-errors.ts';
import { watchPageVisibility } from './page-watch.ts';

/** What the call's microphone is opened with. */
export interface CallMicOptions {
  context: AudioContext;
  /** The microphone asked for in the tap that started the call (see {@link askForMic}). */
  asked: GestureMic;
  /** The input the user chose (null: the system default). */
  preferredInput: string | null;
  /** Where the stream continues after a pause (the uplink's next chunk boundary). */
  nextStreamSample(): number;
  events: ResilientMicEvents<MicCapture>;
}

/**
 * The microphone for a call, asked for inside the tap that starts it (see GestureMic) when
 * asking may prompt, with what the call's first opening asks for: the chosen input, the
 * processing options. Already allowed, it is opened when the call can listen, as before: no
 * audio is captured before anything could hear it.
 */
export function askForMic(
  d: Pick<CallDeps, 'devices' | 'switches'>,
  preferredInput: string | null,
  mayPrompt: boolean,
): GestureMic {
  const deviceId = inputToOpen(preferredInput, null);
  const options = { ...d.switches.processing, ...(deviceId === undefined ? {} : { deviceId }) };
  return new GestureMic(mayPrompt ? d.devices : undefined, captureConstraints(options), deviceId);
}

/**
 * The call's microphone, kept alive (see ResilientMic): each opening captures into the call's
 * context with the processing the page asked for, from the stream asked for in the tap when it
 * is that input's, else from a new request.
 */
export function callMic(
  d: Pick<CallDeps, 'devices' | 'switches' | 'page'>,
  o: CallMicOptions,
): ResilientMic<MicCapture> {
  const { page } = d;
  return new ResilientMic<MicCapture>({
    open: (onAudio, deviceId) => {
      const processing = {
        ...d.switches.processing,
        ...(deviceId === undefined ? {} : { deviceId }),
      };
      const stream = o.asked.takeFor(deviceId) ?? request(d.devices, processing);
      return startCapture(o.context, { ...processing, onAudio, stream });
    },
    preferredInput: o.preferredInput,
    context: o.context,
    ...(d.devices ? { devices: d.devices } : {}),
    visible: () => page.document.visibilityState === 'visible',
    watchPage: (onChange) => watchPageVisibility(page, onChange),
    nextStreamSample: () => o.nextStreamSample(),
    events: o.events,
  });
}

/** Asks for the microphone with the call's constraints (before any await: a tap's gesture holds). */
function request(
  devices: CallDeps['devices'],
  options: ProcessingOptions & { deviceId?: string },
): Promise<MediaStream> {
  if (!devices) return Promise.reject(new MicUnavailableError());
  return devices.getUserMedia({ audio: captureConstraints(options) });
}
