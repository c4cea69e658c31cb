import { describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/net/provider-error.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import { RESTART_PAUSE_MS, restartPause, TurnVoice } from './turn-voice.ts';

const reset = (id: string) => new ProviderError(id, 'network', 'connection reset');
const noneLeft = new NoProviderError('tts', [{ providerId: 'beta', error: 'HTTP 500' }]);

describe('TurnVoice', () => {
  it('hands a sentence cut off by a voice to the next one, and owes the user one note', () => {
    const voice = new TurnVoice(7);
    expect(voice.takeNote()).toBeNull();
    expect(voice.failed(reset('alpha'), 'alpha', true)).toEqual({ kind: 'again' });
    expect([...voice.avoid]).toEqual(['alpha']);
    expect(voice.lost).toBe(false);
    const note = voice.takeNote();
    expect(note).toMatchObject({ code: 'tts-failed', retryable: false });
    expect(note?.message).toMatch(/another voice took over/);
    expect(note?.message).not.toMatch(/say it again/i);
    expect(voice.takeNote()).toBeNull();
    // A second voice breaking off in the same turn: said again by a third, no second note.
    expect(voice.failed(reset('beta'), 'beta', true)).toEqual({ kind: 'again' });
    expect(voice.takeNote()).toBeNull();
    expect([...voice.avoid]).toEqual(['alpha', 'beta']);
  });

  it('owes no note when the voice failed before the user heard any of the sentence', () => {
    const voice = new TurnVoice(7);
    expect(voice.failed(reset('alpha'), 'alpha', false)).toEqual({ kind: 'again' });
    expect(voice.takeNote()).toBeNull();
  });

  it('says once that the voice is gone when no provider is left, and owes no note then', () => {
    const voice = new TurnVoice(7);
    voice.failed(reset('alpha'), 'alpha', true);
    const outcome = voice.failed(noneLeft, null, false);
    expect(outcome.kind).toBe('lost');
    expect(outcome.kind === 'lost' && outcome.notice).toMatchObject({ code: 'tts-failed' });
    expect(outcome.kind === 'lost' && outcome.notice.message).toMatch(/shown as text/);
    expect(voice.lost).toBe(true);
    expect(voice.takeNote()).toBeNull();
  });

  it('gives up on a voice that fails again after it was avoided (a provider that is no chain)', () => {
    const voice = new TurnVoice(7);
    expect(voice.failed(reset('solo'), 'solo', true).kind).toBe('again');
    expect(voice.failed(reset('solo'), 'solo', true).kind).toBe('lost');
  });
});

describe('restartPause', () => {
  it('is RESTART_PAUSE_MS of silence at the rate asked, in frames of at most 100 ms', () => {
    const frames = restartPause(24_000);
    expect(frames.reduce((n, f) => n + f.length, 0)).toBe((24_000 * RESTART_PAUSE_MS) / 1000);
    expect(frames.every((f) => f.length <= 2400 && f.every((s) => s === 0))).toBe(true);
  });
});
