import { TicketStore } from '../auth/tickets.ts';
import { KeyedLimiter } from '../limits/keyed-limiter.ts';
import type { LimitsConfig } from '../limits/limits-config.ts';
import { MemorySessionSlots } from '../limits/session-slots.ts';
import type { SharedState } from './shared-state.ts';

/** The state of a relay that runs alone: everything in this process, nothing to hand over. */
export function createMemoryState(options: {
  relayId: string;
  limits: LimitsConfig;
  ticketTtlMs: number;
  now: () => number;
}): SharedState {
  const { limits, now } = options;
  const maxKeys = limits.maxKeysPerLimiter;
  return {
    kind: 'memory',
    relayId: options.relayId,
    connectionsPerIp: new KeyedLimiter({ ...limits.connectionsPerIp, maxKeys, now }),
    newSessionsPerUser: new KeyedLimiter({ ...limits.newSessionsPerUser, maxKeys, now }),
    sessionSlots: new MemorySessionSlots(limits.maxSessionsPerUser),
    tickets: new TicketStore({ ttlMs: options.ticketTtlMs, now }),
    ownership: {
      acquire: () => Promise.resolve(true),
      release: () => Promise.resolve(),
      onHandOver: () => {},
    },
    // Alone, a session only moves across a restart, which empties this process anyway.
    userSpend: null,
    journals: { save: () => Promise.resolve(), take: () => Promise.resolve(null) },
    ping: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}
