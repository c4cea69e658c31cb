import type { Tickets } from '../cluster/shared-state.ts';
import type { RelayConfig } from '../config.ts';
import type { LimitsConfig } from '../limits/limits-config.ts';
import type { RelayLimits } from '../limits/relay-limits.ts';
import type { Logger } from '../log/logger.ts';
import type { CostMeter } from '../metering/cost-meter.ts';
import type { RelayMetrics } from '../observability/metrics.ts';
import type { Providers } from '../providers/stages/providers.ts';
import type { ReminderClock } from '../tools/reminders/reminder-clock.ts';
import type { Send } from './wire/client-channel.ts';
import type { SessionDirectory } from './session-directory.ts';

/** The socket as the protocol code sees it. */
export interface Transport {
  send: Send;
  close(code: number, reason: string): void;
  /** Stops reading from the socket for `ms` (backpressure on a client that sends too fast). */
  pauseReading(ms: number): void;
}

/** What a connection works with: no more of the relay than it uses. */
export interface ConnectionDeps {
  settings: Pick<RelayConfig, 'helloTimeoutMs' | 'maxProtocolErrors'>;
  limits: Pick<RelayLimits, 'messageBucket' | 'realtimeGuard' | 'checkSessionClock'>;
  /** The session clock's limits, for what the user is told when it runs out. */
  sessionClock: LimitsConfig['sessionClock'];
  /** A silent call is checked on after this long, then ended (ms); absent or 0: never. */
  callSilenceMs?: number;
  tickets: Pick<Tickets, 'redeem'>;
  sessions: Pick<SessionDirectory, 'open' | 'resume' | 'continue' | 'awaitResume' | 'end'>;
  /** The stages' chains, whose primaries `ready` names. */
  providers: Pick<Providers, 'asr' | 'llm' | 'tts'>;
  meter: Pick<CostMeter, 'sessionTotal' | 'userDayTotal'>;
  metrics: Pick<RelayMetrics, 'errorSent' | 'budgetStopped' | 'reconnectAttempted'>;
  /**
   * The users' reminders: a connected page is told those due; a page that rang one says so.
   * Absent: none (tests that build less).
   */
  reminders?: Pick<ReminderClock, 'connected' | 'rang'>;
  log: Logger;
  /** Epoch ms with sub-millisecond precision. */
  now(): number;
}

/** Who is on the other end, as seen at the upgrade. */
export interface Peer {
  /** The `Origin` header, when the client is a browser. */
  origin: string | undefined;
  /** The page is a site embedding the assistant (the widget), not the app (absent: not). */
  embedding?: boolean;
  ip: string;
  /** From this machine to this machine (see `isLocalRequest`): all dev mode serves. */
  local: boolean;
}
