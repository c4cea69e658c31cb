import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup } from './resilient-mic.test-kit.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ResilientMic', () => {
  it('the track ends in the background: paused until the page is back, then one continuous stream', async () => {
    const t = setup();
    await t.mic.start();
    t.last().block(0);
    t.last().block(320);
    t.show(false);
    t.last().track.end();
    expect(t.log).toEqual(['paused:track-ended']);
    expect(t.status()).toBe('paused');
    expect(t.captures[0]?.stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.open).toHaveBeenCalledTimes(1);

    t.show(true);
    expect(t.captures[0]?.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.log).toEqual(['paused:track-ended', 'resumed']);
    expect(t.status()).toBe('live');
    // The new capture counts from 0; the stream goes on from the chunk boundary.
    t.last().block(0);
    t.last().block(320);
    expect(t.audio).toEqual([0, 320, 1600, 1920]);
    // Audio from the old track is not taken.
    t.captures[0]?.block(640);
    expect(t.audio).toHaveLength(4);
  });

  it('a mute that lifts continues the same capture, from the chunk boundary', async () => {
    const t = setup();
    await t.mic.start();
    t.last().block(0);
    t.last().track.mute(true);
    t.last().block(320); // silence while muted: dropped
    t.last().track.mute(false);
    t.last().block(640);
    expect(t.log).toEqual(['paused:track-muted', 'resumed']);
    expect(t.audio).toEqual([0, 1600]);
    expect(t.open).toHaveBeenCalledTimes(1);
  });

  it('a track that stays muted with the user there is replaced after the grace period', async () => {
    const t = setup();
    await t.mic.start();
    t.last().track.mute(true);
    await vi.advanceTimersByTimeAsync(1499);
    expect(t.open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.status()).toBe('live');
  });

  it('the headset in use is unplugged: the new default input takes over, and the user is told', async () => {
    const t = setup();
    await t.mic.start();
    t.answers.push({ label: 'MacBook Microphone', groupId: 'laptop' });
    t.devices.unplug('laptop');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.open).toHaveBeenCalledTimes(1); // not the device in use
    t.devices.unplug('headset');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.log).toEqual(['paused:device-lost', 'resumed', 'switched:MacBook Microphone']);
  });

  it('a Bluetooth headset takes the input over at 16 kHz: the capture is built again, the stream goes on', async () => {
    const t = setup();
    await t.mic.start();
    t.last().block(0);
    t.last().block(320);
    const first = t.last();
    first.track.setRate(16_000);
    t.devices.dispatchEvent(new Event('devicechange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.stopped).toBe(true);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.log).toEqual(['paused:rate-changed', 'resumed']);
    expect(t.status()).toBe('live');
    // The new capture's audio continues the stream (at the next chunk boundary).
    t.last().block(0);
    expect(t.audio).toEqual([0, 320, 1600]);
    // The rate of the new track is the one checked from now on.
    t.devices.dispatchEvent(new Event('devicechange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.open).toHaveBeenCalledTimes(2);
  });

  it('a track that unmutes at another rate (a call ended on another route) is built again too', async () => {
    const t = setup();
    await t.mic.start();
    t.last().track.mute(true);
    t.last().track.setRate(24_000);
    t.last().track.mute(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.log).toEqual(['paused:track-muted', 'resumed', 'paused:rate-changed', 'resumed']);
  });

  it('a busy microphone is retried on a schedule, then the user is asked', async () => {
    const t = setup();
    await t.mic.start();
    t.answers.push('NotReadableError', 'NotReadableError', 'NotReadableError');
    t.last().track.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.status()).toBe('retrying');
    expect(t.states.at(-1)?.failure).toBe('busy');
    await vi.advanceTimersByTimeAsync(500);
    expect(t.open).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.open).toHaveBeenCalledTimes(4);
    expect(t.status()).toBe('stuck');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.open).toHaveBeenCalledTimes(4);
    // The user taps Try again: the call is free now.
    t.mic.retry();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.status()).toBe('live');
  });

  it('a refused microphone stops the retries and says so', async () => {
    const t = setup();
    await t.mic.start();
    t.answers.push('NotAllowedError');
    t.last().track.end();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.open).toHaveBeenCalledTimes(2);
    expect(t.states.at(-1)).toMatchObject({ status: 'stuck', failure: 'denied' });
  });

  it('a context that will not resume waits for a tap, which asks for everything inside the gesture', async () => {
    const t = setup();
    await t.mic.start();
    t.context.resumable = false;
    t.show(false);
    t.context.set('interrupted');
    expect(t.log).toEqual(['paused:context-suspended']);
    t.show(true);
    expect(t.context.resume).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.states.at(-1)).toMatchObject({ status: 'stuck', failure: 'context' });

    t.context.resumable = true;
    t.mic.retry();
    // Both asked for synchronously, in the tap's task.
    expect(t.context.resume).toHaveBeenCalledTimes(2);
    expect(t.open).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.status()).toBe('live');
    expect(t.log).toEqual(['paused:context-suspended', 'resumed']);
  });

  it('after stop, nothing is listened to and a late microphone is released', async () => {
    const t = setup();
    await t.mic.start();
    t.last().track.end();
    t.mic.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.captures).toHaveLength(2);
    expect(t.captures.every((c) => c.stopped)).toBe(true);
    t.context.set('suspended');
    t.show(false);
    expect(t.log).toEqual(['paused:track-ended']);
  });

  describe('held by the user (mute, push-to-talk)', () => {
    it('keeps held audio out of the stream, which goes on from the chunk boundary', async () => {
      const t = setup();
      await t.mic.start();
      t.last().block(0);
      t.mic.hold(true);
      t.last().block(320);
      t.last().block(640);
      expect(t.held).toEqual([320, 640]);
      t.mic.hold(false);
      t.last().block(960);
      expect(t.audio).toEqual([0, 1600]);
      expect(t.log).toEqual(['paused:user', 'resumed']);
      // Holding twice, or letting go twice, says nothing more.
      t.mic.hold(false);
      expect(t.log).toEqual(['paused:user', 'resumed']);
    });

    it('silent (mute) disables the track, a microphone opened again included', async () => {
      const t = setup();
      await t.mic.start();
      t.mic.hold(true, true);
      expect(t.last().track.enabled).toBe(false);
      t.last().track.end();
      await vi.advanceTimersByTimeAsync(0);
      expect(t.captures).toHaveLength(2);
      expect(t.last().track.enabled).toBe(false);
      t.last().block(0);
      expect(t.audio).toEqual([]);
      t.mic.hold(false);
      expect(t.last().track.enabled).toBe(true);
    });
  });

  describe('the input the user chose', () => {
    it('opens it from the start', async () => {
      const t = setup('builtin');
      await t.mic.start();
      expect(t.open.mock.calls[0]?.[1]).toBe('builtin');
    });

    it('switches to it mid-call: the old one is released, the stream goes on', async () => {
      const t = setup();
      await t.mic.start();
      t.last().block(0);
      await t.mic.selectInput('builtin');
      expect(t.captures[0]?.stopped).toBe(true);
      expect(t.open.mock.calls[1]?.[1]).toBe('builtin');
      t.last().block(0);
      expect(t.audio).toEqual([0, 1600]);
      // The user's own choice: no "switched to" notice.
      expect(t.log).toEqual(['paused:user', 'resumed']);
      // Choosing the input in use changes nothing.
      await t.mic.selectInput('builtin');
      expect(t.open).toHaveBeenCalledTimes(2);
    });

    it('falls back to the default when the chosen one cannot be found', async () => {
      const t = setup('usb-gone');
      await t.mic.start();
      expect(t.open.mock.calls.map((c) => c[1])).toEqual(['usb-gone', undefined]);
      expect(t.status()).toBe('live');
    });

    it('gives way to the default when it goes away, and is taken back when it returns', async () => {
      const t = setup('builtin');
      await t.mic.start();
      t.devices.unplug('laptop');
      await vi.advanceTimersByTimeAsync(0);
      expect(t.open.mock.calls.map((c) => c[1])).toEqual(['builtin', undefined]);
      expect(t.log).toEqual(['paused:device-lost', 'resumed', 'switched:Headset']);
      t.devices.plug({ kind: 'audioinput', deviceId: 'builtin', groupId: 'laptop' });
      await vi.advanceTimersByTimeAsync(0);
      expect(t.open.mock.calls.map((c) => c[1])).toEqual(['builtin', undefined, 'builtin']);
      expect(t.last().track.label).toBe('builtin');
      expect(t.status()).toBe('live');
    });

    it('while held, switches without resuming the stream', async () => {
      const t = setup();
      await t.mic.start();
      t.mic.hold(true, true);
      await t.mic.selectInput('hs');
      expect(t.last().track.enabled).toBe(false);
      t.last().block(0);
      expect(t.audio).toEqual([]);
      expect(t.log).toEqual(['paused:user']);
    });
  });
});
