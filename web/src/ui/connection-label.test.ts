import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { statusLabel as labelIn } from './connection-label.ts';

const statusLabel = labelIn.bind(null, intlFor('en'));

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

  it('after a start that found no relay: unreachable until the relay answers again, then ready', () => {
    expect(statusLabel('unreachable', false, true).text).toBe('Relay unreachable');
    expect(statusLabel('unreachable', true, true)).toEqual({ text: 'Ready', look: 'ready' });
  });

  it('in Dutch on a Dutch page', () => {
    expect(labelIn(intlFor('nl'), 'idle', true, true).text).toBe('Klaar');
    expect(labelIn(intlFor('nl'), 'offline', true, true).text).toBe('Verbinding verbroken');
  });
});
