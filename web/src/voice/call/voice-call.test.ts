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
    // The relay answered and the voice detector loaded: the call waits for the microphone.
    await vi.waitFor(() => expect(c.vad.optionsSet).toBe(1));
    expect(c.devices.asked).toBe(1);
    c.call.stop();
    c.devices.deny();
    await starting;
    expect(c.contexts.map((context) => context.closes)).toEqual([1]);
    expect(c.app.store.getState().call).toBe('idle');
  });

  it('closes its AudioContext once when the microphone is refused, and keeps the session to type in', async () => {
    vi.useFakeTimers();
    const c = fakeCall();
    const starting = c.call.start();
    await vi.waitFor(() => expect(c.vad.optionsSet).toBe(1));
    c.devices.deny();
    await starting;
    expect(c.contexts.map((context) => context.closes)).toEqual([1]);
    expect(c.sockets.map((socket) => socket.readyState)).toEqual([1]);
    expect(c.app.store.getState().call).toBe('idle');
  });

  it('goes no further when ended before the relay answered: its session and context are closed', async () => {
    vi.useFakeTimers();
    const c = fakeCall();
    const starting = c.call.start();
    c.call.stop();
    await vi.waitFor(() => expect(c.contexts.map((context) => context.closes)).toEqual([1]));
    await starting;
    expect(c.sockets.map((socket) => socket.readyState)).toEqual([3]);
    expect(c.vad.optionsSet).toBe(0);
    expect(c.app.store.getState().call).toBe('idle');
  });
});
