import { describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '@parley/shared';
import type { AudioPlayer } from '../audio/player.ts';
import type { CapturedAudio } from '../audio/capture.ts';
import { CallControls } from './call-controls.ts';
import { RecordingSink } from './call-sink.test-kit.ts';
import { ResilientMic, type CaptureHandle } from '../mic/resilient-mic.ts';
import { TurnTaker } from '../turn/turn-taker.ts';
import { scenarioDeps } from '../turn/turn-taker.test-kit.ts';

/** getUserMedia's track, as far as the microphone is concerned. */
class FakeTrack extends EventTarget {
  enabled = true;
  muted = false;
  readyState: MediaStreamTrackState = 'live';
  constructor(readonly deviceId: string) {
    super();
  }
  get label() {
    return this.deviceId;
  }
  getSettings() {
    return { deviceId: this.deviceId, groupId: this.deviceId };
  }
}

class FakeCapture implements CaptureHandle {
  private at = 0;
  constructor(
    readonly track: FakeTrack,
    private readonly onAudio: (a: CapturedAudio) => void,
  ) {}
  stop() {
    this.track.readyState = 'ended';
  }
  /** `ms` of sound (or silence, where the track is disabled), in 20 ms blocks. */
  speak(ms: number) {
    for (let i = 0; i < ms / 20; i++) {
      const level = this.track.enabled ? 0.3 : 0;
      this.onAudio({
        samples: new Float32Array(320).fill(level),
        firstSample: this.at,
        capturedAtMs: 0,
      });
      this.at += 320;
    }
  }
}

/** A call as VoiceCall wires it: a real microphone and turn-taking, fakes at the browser. */
function call(storage = new Map<string, string>()) {
  const sent: string[] = [];
  const captures: FakeCapture[] = [];
  const sinks: string[] = [];
  const turns = new TurnTaker(
    scenarioDeps({
      send: (m: ClientMessage) => {
        if (m.type === 'utterance.start') sent.push(`start:${m.turnId}`);
        else if (m.type === 'utterance.end') sent.push(`end:${m.turnId}`);
        else if (m.type === 'utterance.cancel') sent.push(`cancel:${m.turnId}`);
      },
      sendChunk: (chunk, turnId) => sent.push(`audio:${turnId}#${chunk.seq}`),
      // No reply plays in these tests.
      player: {} as unknown as AudioPlayer,
    }),
  );
  const context = Object.assign(new EventTarget(), {
    state: 'running',
    resume: () => Promise.resolve(),
  });
  const mic = new ResilientMic<FakeCapture>({
    open: (onAudio, deviceId) => {
      const capture = new FakeCapture(new FakeTrack(deviceId ?? 'default'), onAudio);
      captures.push(capture);
      return Promise.resolve(capture);
    },
    context,
    visible: () => true,
    watchPage: () => () => undefined,
    nextStreamSample: () => turns.streamEndSample,
    events: {
      onAudio: (a) => turns.captured(a.samples, a.firstSample, 20 * Math.log10(0.3)),
      onPaused: () => turns.micPaused(),
      onResumed: () => undefined,
      onState: () => undefined,
      onSwitched: () => undefined,
    },
  });
  const output = {
    sinkId: '',
    setSinkId: vi.fn((id: string) => {
      sinks.push(id);
      output.sinkId = id;
      return Promise.resolve();
    }),
  } as unknown as AudioContext & { sinkId: string };
  const sink = new RecordingSink();
  const controls = new CallControls(sink, {
    getItem: (k) => storage.get(k) ?? null,
    setItem: (k, v) => storage.set(k, v),
  });
  const start = async () => {
    controls.attach({ mic, turns, context: output });
    await mic.start();
  };
  /** The voice detector hears speech start now (hands-free turn-taking). */
  const speechStarts = () => {
    const at = turns.streamEndSample;
    turns.vad({ type: 'speechStart', startSample: at, paddedStartSample: at, decidedAtSample: at });
    turns.vad({ type: 'speechRealStart', startSample: at, decidedAtSample: at });
  };
  return {
    /** The controls as the call showed them. */
    shown: () => sink.controlsShown,
    controls,
    mic,
    turns,
    sent,
    sinks,
    storage,
    start,
    speechStarts,
    last: () => captures.at(-1) as FakeCapture,
  };
}

describe('CallControls', () => {
  it('mute: nothing of the microphone goes out, the track is disabled; unmuted, it goes on', async () => {
    const c = call();
    await c.start();
    c.speechStarts();
    c.last().speak(400);
    c.controls.setMuted(true);
    expect(c.shown().muted).toBe(true);
    expect(c.last().track.enabled).toBe(false);
    // What was being said (confirmed speech) was ended at the mute.
    expect(c.sent.at(-1)).toBe('end:1');
    const atMute = c.sent.length;
    // (The voice detector hears only the stream: nothing while muted.)
    c.last().speak(2000);
    expect(c.sent.slice(atMute)).toEqual([]);

    c.controls.toggleMute();
    expect(c.last().track.enabled).toBe(true);
    c.speechStarts();
    c.last().speak(200);
    expect(c.sent.slice(atMute)).toContain('start:2');
    expect(c.sent.slice(atMute).filter((m) => m.startsWith('audio:2')).length).toBeGreaterThan(0);
  });

  it('push-to-talk: audio only while held; muting while held sends what was said', async () => {
    const c = call();
    c.controls.setInputMode('push-to-talk');
    await c.start();
    c.speechStarts();
    c.last().speak(1000);
    expect(c.sent).toEqual([]);
    c.controls.press();
    expect(c.shown().talkHeld).toBe(true);
    c.last().speak(300);
    c.controls.release();
    expect(c.sent[0]).toBe('start:1');
    expect(c.sent.at(-1)).toBe('end:1');
    const atRelease = c.sent.length;
    c.last().speak(1000);
    expect(c.sent.length).toBe(atRelease);

    c.controls.press();
    c.last().speak(400);
    c.controls.setMuted(true);
    expect(c.sent.at(-1)).toBe('end:2');
    expect(c.shown().talkHeld).toBe(false);
    // Muted, a press does nothing.
    c.controls.press();
    c.last().speak(400);
    expect(c.sent.at(-1)).toBe('end:2');
  });

  it('switching to push-to-talk mid-call ends what the voice detector had open', async () => {
    const c = call();
    await c.start();
    c.speechStarts();
    c.last().speak(400);
    c.controls.setInputMode('push-to-talk');
    expect(c.sent.at(-1)).toBe('end:1');
    c.speechStarts();
    c.last().speak(1000);
    expect(c.sent.at(-1)).toBe('end:1');
  });

  it('remembers the mode and the devices for the next page; applies them to the call', async () => {
    const storage = new Map<string, string>();
    const c = call(storage);
    await c.start();
    c.controls.setInputMode('push-to-talk');
    c.controls.selectMic('usb');
    c.controls.selectSpeaker('headphones');
    await vi.waitFor(() => expect(c.last().track.deviceId).toBe('usb'));
    expect(c.sinks).toEqual(['headphones']);

    const next = call(storage);
    expect(next.controls.preferredInput).toBe('usb');
    expect(next.shown()).toMatchObject({
      inputMode: 'push-to-talk',
      micDeviceId: 'usb',
      speakerDeviceId: 'headphones',
    });
    await next.start();
    expect(next.sinks).toEqual(['headphones']);
  });
});
