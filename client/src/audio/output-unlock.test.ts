import { describe, expect, it, vi } from 'vitest';
import { setAudioSession, unlockOutput, type UnlockableContext } from './output-unlock.ts';

function fakeContext() {
  const started: { frames: number }[] = [];
  const context = {
    state: 'suspended',
    destination: {} as AudioNode,
    resume: vi.fn(() => Promise.resolve()),
    createBuffer: (_channels: number, frames: number) => ({ length: frames }) as AudioBuffer,
    createBufferSource: () => {
      const source = {
        buffer: null as AudioBuffer | null,
        connect: vi.fn(),
        start: () => started.push({ frames: source.buffer?.length ?? 0 }),
      };
      return source as unknown as AudioBufferSourceNode;
    },
  } satisfies UnlockableContext;
  return { context, started };
}

describe('unlockOutput', () => {
  it('inside the tap, resumes the context and plays a silent frame through it, before anything is awaited', () => {
    const { context, started } = fakeContext();
    unlockOutput(context);
    expect(context.resume).toHaveBeenCalledTimes(1);
    expect(started).toEqual([{ frames: 1 }]);
  });

  it('a resume the browser refuses is no unhandled rejection', async () => {
    const { context } = fakeContext();
    context.resume.mockReturnValueOnce(Promise.reject(new DOMException('no', 'NotAllowedError')));
    unlockOutput(context);
    await new Promise((r) => setTimeout(r, 0));
  });
});

describe('setAudioSession', () => {
  it('says "playback" for spoken replies where the browser has the Audio Session API, and nothing where not', () => {
    const session = { type: 'auto' };
    setAudioSession('playback', session);
    expect(session.type).toBe('playback');
    setAudioSession('auto', session);
    expect(session.type).toBe('auto');
    expect(() => setAudioSession('playback', null)).not.toThrow();
  });
});
