import { describe, expect, it, vi } from 'vitest';
import { GestureMic } from './gesture-mic.ts';

const CONSTRAINTS: MediaTrackConstraints = { channelCount: 1 };

function fakeStream() {
  const track = { stop: vi.fn() };
  return { stream: { getTracks: () => [track] } as unknown as MediaStream, track };
}

describe('GestureMic', () => {
  it('asks for the microphone at once, with the call’s constraints, and hands the stream over once', async () => {
    const { stream } = fakeStream();
    const getUserMedia = vi.fn(() => Promise.resolve(stream));
    const mic = new GestureMic({ getUserMedia }, CONSTRAINTS);
    // Asked before anything was awaited: inside the user's tap.
    expect(getUserMedia).toHaveBeenCalledWith({ audio: CONSTRAINTS });
    await expect(mic.take()).resolves.toBe(stream);
    expect(mic.take()).toBeNull();
  });

  it('a refusal reaches whoever takes it, and is no unhandled rejection before', async () => {
    const refused = new DOMException('denied', 'NotAllowedError');
    const mic = new GestureMic({ getUserMedia: () => Promise.reject(refused) }, CONSTRAINTS);
    // A turn of the event loop with the rejection unhandled would fail the run.
    await new Promise((r) => setTimeout(r, 0));
    await expect(mic.take()).rejects.toBe(refused);
  });

  it('released before it was taken, the microphone is let go', async () => {
    const { stream, track } = fakeStream();
    const mic = new GestureMic({ getUserMedia: () => Promise.resolve(stream) }, CONSTRAINTS);
    mic.release();
    await vi.waitFor(() => expect(track.stop).toHaveBeenCalled());
    expect(mic.take()).toBeNull();
  });

  it('is taken only for the input it asked for', async () => {
    const { stream } = fakeStream();
    const mic = new GestureMic({ getUserMedia: () => Promise.resolve(stream) }, CONSTRAINTS, 'usb');
    expect(mic.takeFor(undefined)).toBeNull();
    await expect(mic.takeFor('usb')).resolves.toBe(stream);
  });

  it('without a microphone API (an insecure page), there is nothing to take', () => {
    expect(new GestureMic(undefined, CONSTRAINTS).take()).toBeNull();
  });
});
