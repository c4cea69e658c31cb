import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeCall } from './voice-call.test-kit.ts';

describe('VoiceCall: a call that never finishes starting', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('ended while the microphone opens, closes its AudioContext once when the microphone then fails', async () => {
    vi.useFakeTimers();
    const c = fakeCall();
    const starting = c.call.start();
    await c.waitsForMic();
    expect(c.devices.asked).toBe(1);
    c.call.stop();
    c.devices.deny();
    await starting;
    expect(c.contexts.map((context) => context.closes)).toEqual([1]);
    expect(c.sink.phase).toBe('idle');
  });

  it('closes its AudioContext once when the microphone is refused, and keeps the session to type in', async () => {
    vi.useFakeTimers();
    const c = fakeCall();
    const starting = c.call.start();
    await c.waitsForMic();
    c.devices.deny();
    await starting;
    expect(c.contexts.map((context) => context.closes)).toEqual([1]);
    expect(c.sockets.map((socket) => socket.closed)).toEqual([false]);
    expect(c.sink.phase).toBe('idle');
  });

  it('goes no further when ended before the relay answered: its session and context are closed', async () => {
    vi.useFakeTimers();
    const c = fakeCall();
    const starting = c.call.start();
    c.call.stop();
    await vi.waitFor(() => expect(c.contexts.map((context) => context.closes)).toEqual([1]));
    await starting;
    expect(c.sockets.map((socket) => socket.closed)).toEqual([true]);
    expect(c.vad.optionsSet).toBe(0);
    expect(c.sink.phase).toBe('idle');
  });
});
