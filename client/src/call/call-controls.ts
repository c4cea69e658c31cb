import { playThrough, speakerSelectable } from '../audio/speaker.ts';
import type { InputMode } from './controls-state.ts';
import {
  loadAudioPrefs,
  saveAudioPrefs,
  type AudioPrefs,
  type PrefsStorage,
} from './audio-prefs.ts';
import { outputToUse, type DeviceEntry } from '../mic/input-device.ts';
import type { ResilientMic, CaptureHandle } from '../mic/resilient-mic.ts';
import type { TurnTaker } from '../turn/turn-taker.ts';
import type { CallSink } from './call-sink.ts';

/** The parts of a call the controls act on. */
export interface ControlledCall {
  mic: Pick<ResilientMic<CaptureHandle>, 'hold' | 'selectInput'>;
  turns: Pick<TurnTaker, 'setPushToTalk' | 'press' | 'release' | 'interrupt'>;
  /** The call's AudioContext: the reply plays through it. */
  context: AudioContext;
  /** `navigator.mediaDevices` (`devicechange`), when there is one. */
  devices?: (EventTarget & { enumerateDevices(): Promise<DeviceEntry[]> }) | undefined;
}

/**
 * What the user controls during a call — mute, hands-free or push-to-talk, stopping the reply,
 * which microphone and speaker — carried out on the call's microphone, turn-taking and audio
 * output, and shown through the call's sink. The input mode and the devices are remembered per browser;
 * mute lasts one call. Not React: the UI and the keyboard call it.
 */
export class CallControls {
  private call: ControlledCall | null = null;
  private prefs: AudioPrefs;
  private muted = false;
  /** Push-to-talk is held. */
  private held = false;

  constructor(
    /** Where the controls are shown. */
    private readonly sink: Pick<CallSink, 'controls'>,
    /** Where the choices are remembered (null: nowhere). */
    private readonly storage: PrefsStorage | null,
  ) {
    this.prefs = loadAudioPrefs(storage);
    sink.controls({ ...this.prefs, speakerSelectable: speakerSelectable() });
  }

  /** Whether the microphone is muted (false outside a call). */
  get isMuted(): boolean {
    return this.muted;
  }

  /** Hands-free or push-to-talk, as the user chose. */
  get inputMode(): InputMode {
    return this.prefs.inputMode;
  }

  /** The microphone the user chose (null: the system default). */
  get preferredInput(): string | null {
    return this.prefs.micDeviceId;
  }

  /** The speaker the user chose (null: the system default). */
  get speakerDeviceId(): string | null {
    return this.prefs.speakerDeviceId;
  }

  /** A call started: its microphone, turn-taking and output follow the choices from now on. */
  attach(call: ControlledCall): void {
    this.call = call;
    this.muted = false;
    this.held = false;
    call.turns.setPushToTalk(this.prefs.inputMode === 'push-to-talk');
    this.applyHold();
    void playThrough(call.context, this.prefs.speakerDeviceId);
    call.devices?.addEventListener('devicechange', this.onDeviceChange);
    this.publish();
  }

  /** The call ended. */
  detach(): void {
    this.call?.devices?.removeEventListener('devicechange', this.onDeviceChange);
    this.call = null;
    this.muted = false;
    this.held = false;
    this.publish();
    this.sink.controls({ micInUse: null });
  }

  /** Muted, nothing of the microphone is sent, nor heard by the page; unmuted, it goes on. */
  setMuted(muted: boolean): void {
    if (!this.call || muted === this.muted) return;
    // What was said while holding to talk is sent as it is.
    if (muted) this.release();
    this.muted = muted;
    this.applyHold();
    this.publish();
  }

  toggleMute(): void {
    this.setMuted(!this.muted);
  }

  /** Hands-free or push-to-talk: remembered, and switched at once during a call. */
  setInputMode(mode: InputMode): void {
    if (mode === this.prefs.inputMode) return;
    this.remember({ inputMode: mode });
    const call = this.call;
    if (call) {
      // Releases what was held; an utterance the voice detector had open ends at the hold.
      this.held = false;
      call.turns.setPushToTalk(mode === 'push-to-talk');
      this.applyHold();
    }
    this.publish();
  }

  /** Push-to-talk pressed (the talk control, Space): the reply stops, audio flows. */
  press(): void {
    const call = this.call;
    if (!call || this.prefs.inputMode !== 'push-to-talk' || this.muted || this.held) return;
    this.held = true;
    this.applyHold();
    call.turns.press();
    this.publish();
  }

  /** Push-to-talk released: what was said is sent to be answered, and audio stops. */
  release(): void {
    const call = this.call;
    if (!call || !this.held) return;
    this.held = false;
    call.turns.release();
    this.applyHold();
    this.publish();
  }

  /** Stops the reply (a tap on the talk control, Esc), as speaking over it does. */
  interrupt(): void {
    this.call?.turns.interrupt();
  }

  /** The user chose a microphone (null: the system default). */
  selectMic(deviceId: string | null): void {
    this.remember({ micDeviceId: deviceId });
    this.publish();
    void this.call?.mic.selectInput(deviceId);
  }

  /** The user chose a speaker (null: the system default). */
  selectSpeaker(deviceId: string | null): void {
    this.remember({ speakerDeviceId: deviceId });
    this.publish();
    if (this.call) void playThrough(this.call.context, deviceId);
  }

  /** The call's microphone now captures from this track. */
  captureOpened(track: { label: string; getSettings(): { deviceId?: string } }): void {
    this.sink.controls({
      micInUse: { deviceId: track.getSettings().deviceId ?? '', label: track.label },
    });
  }

  /** The stream is held while muted, and in push-to-talk while not pressed. */
  private applyHold(): void {
    const ptt = this.prefs.inputMode === 'push-to-talk';
    this.call?.mic.hold(this.muted || (ptt && !this.held), this.muted);
  }

  /**
   * The chosen speaker went away (the reply plays through the system's output) or came back.
   * Nothing to follow without a choice: the devices are not even listed then.
   */
  private readonly onDeviceChange = () => {
    const call = this.call;
    if (!call?.devices || this.prefs.speakerDeviceId === null) return;
    call.devices
      .enumerateDevices()
      .then((list) => {
        if (this.call !== call) return;
        return playThrough(call.context, outputToUse(this.prefs.speakerDeviceId, list));
      })
      .catch(() => undefined);
  };

  private remember(change: Partial<AudioPrefs>): void {
    this.prefs = { ...this.prefs, ...change };
    saveAudioPrefs(this.storage, this.prefs);
  }

  private publish(): void {
    this.sink.controls({ ...this.prefs, muted: this.muted, talkHeld: this.held });
  }
}
