import { describe, expect, it } from 'vitest';
import { relayNotice } from './relay-notice.ts';

describe('the relay notice', () => {
  it('says the relay does not answer while it does not, outside a call', () => {
    expect(relayNotice({ relayReachable: false, inCall: false, startRetry: null })).toBe(
      'unreachable',
    );
    expect(relayNotice({ relayReachable: false, inCall: false, startRetry: 'call' })).toBe(
      'unreachable',
    );
    expect(relayNotice({ relayReachable: false, inCall: true, startRetry: null })).toBeNull();
  });

  it('stays, with its retry, when the relay answers again while the failed call waits for the user', () => {
    expect(relayNotice({ relayReachable: true, inCall: false, startRetry: 'call' })).toBe('back');
  });

  it('goes once nothing waits: the relay answers and no call failed, or the call runs', () => {
    expect(relayNotice({ relayReachable: true, inCall: false, startRetry: null })).toBeNull();
    expect(relayNotice({ relayReachable: true, inCall: true, startRetry: null })).toBeNull();
    expect(relayNotice({ relayReachable: null, inCall: false, startRetry: null })).toBeNull();
  });
});
