import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.ts';
import { tooManyConnections } from './limit-errors.ts';

/**
 * When a client refused by the cap may try again (ms): connections free as conversations end,
 * which takes minutes rather than seconds.
 */
export const CONNECTION_CAP_RETRY_MS = 30_000;

export interface ConnectionCapOptions {
  /** WebSocket connections this relay holds open at once (`MAX_CONNECTIONS`); null = no cap. */
  max: number | null;
  /** WebSocket connections open now. */
  open: () => number;
  /** Where `parley_connections_refused_total` is registered (the relay's registry). */
  registry: Registry;
  log: Logger;
}

/**
 * The relay's global cap on open WebSocket connections: a new one beyond it is refused before
 * the upgrade (HTTP 503 with `Retry-After`, see {@link tooManyConnections}), and so is the
 * ticket a browser asks for first, which is the refusal the web app can read. Counted in
 * `parley_connections_refused_total{reason="max_connections"}`; logged once when the relay
 * fills up and once when it admits again, never per refusal.
 */
export class ConnectionCap {
  private readonly refused: Counter<'reason'>;
  private full = false;

  constructor(private readonly o: ConnectionCapOptions) {
    this.refused = new Counter({
      name: 'parley_connections_refused_total',
      help: 'WebSocket connections (or their tickets) refused before the upgrade, by reason.',
      labelNames: ['reason'],
      registers: [o.registry],
    });
    // The series exists from the start: an alert on its rate needs no "absent" special case.
    this.refused.inc({ reason: 'max_connections' }, 0);
  }

  /** Throws the typed refusal when the relay already holds `max` connections. */
  admit(): void {
    const { max, open, log } = this.o;
    const count = open();
    if (max === null || count < max) {
      if (this.full) log.info({ connections: count, max }, 'accepting connections again');
      this.full = false;
      return;
    }
    this.refused.inc({ reason: 'max_connections' });
    if (!this.full) log.warn({ connections: count, max }, 'MAX_CONNECTIONS reached: refusing');
    this.full = true;
    throw tooManyConnections(CONNECTION_CAP_RETRY_MS);
  }
}
