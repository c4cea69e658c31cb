import { describe, expect, it } from 'vitest';
import { createAppStore } from './store.ts';

describe('the relay answering its health check', () => {
  it('ends the "unreachable" of a start that found no relay: nothing is connected, a call can start', () => {
    const { store, actions } = createAppStore();
    actions.setConnection('unreachable');
    actions.setRelayReachable(false);
    actions.setRelayReachable(true);
    expect(store.getState().connection).toBe('idle');
    expect(store.getState().relayReachable).toBe(true);
  });

  it('leaves any other connection state as it is', () => {
    const { store, actions } = createAppStore();
    for (const state of ['connecting', 'connected', 'reconnecting', 'offline'] as const) {
      actions.setConnection(state);
      actions.setRelayReachable(true);
      expect(store.getState().connection).toBe(state);
    }
  });

  it('not answering, keeps the "unreachable" the start found', () => {
    const { store, actions } = createAppStore();
    actions.setConnection('unreachable');
    actions.setRelayReachable(false);
    expect(store.getState().connection).toBe('unreachable');
  });
});
