import { describe, expect, it } from 'vitest';
import { statusLabel } from './connection-label.ts';

describe('the header’s connection status', () => {
  it('before any conversation: ready once the relay answers, never a grey "Not connected"', () => {
    expect(statusLabel('idle', true, true)).toEqual({ text: 'Ready', look: 'ready' });
    expect(statusLabel('idle', null, true)).toEqual({ text: 'Checking…', look: 'checking' });
    expect(statusLabel('idle', false, true)).toEqual({
      text: 'Relay unreachable',
      look: 'unreachable',
    });
  });

  it('during and after a conversation: its connection', () => {
    expect(statusLabel('connected', true, true).text).toBe('Connected');
    expect(statusLabel('reconnecting', true, true).text).toBe('Reconnecting…');
    expect(statusLabel('offline', true, false).text).toBe('Offline');
    expect(statusLabel('offline', true, true).text).toBe('Disconnected');
  });
});
