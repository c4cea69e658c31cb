import type { Registry } from 'prom-client';
import type { OpsWatchdogs } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import { readMemoryLimit, type MemoryLimit } from './memory-limit.ts';
import { MemoryWatchdog } from './memory-watchdog.ts';
import { StallWatchdog } from './stall-watchdog.ts';
import { StuckTurnWatchdog } from './stuck-turn-watchdog.ts';
import type { TurnWatch } from './turn-watch.ts';
import type { WatchdogConfig } from './watchdog-config.ts';

export interface WatchdogsOptions {
  config: WatchdogConfig;
  /** The turns the relay's sessions are answering. */
  turns: TurnWatch;
  /** The relay's metrics registry. */
  registry: Registry;
  log: Logger;
  /** Default: read from the cgroup files, else the host's memory (see `readMemoryLimit`). */
  memoryLimit?: MemoryLimit;
}

/**
 * The relay's watchdogs — memory, stuck turns, event-loop stalls — built (metrics registered)
 * with the relay, started once it listens, stopped when it closes.
 */
export class Watchdogs {
  readonly memory: MemoryWatchdog;
  readonly stuckTurns: StuckTurnWatchdog;
  readonly stalls: StallWatchdog;

  constructor(o: WatchdogsOptions) {
    const { config, registry, log } = o;
    const limit = o.memoryLimit ?? readMemoryLimit();
    this.memory = new MemoryWatchdog({
      limit,
      warnPercent: config.memoryWarnPercent,
      registry,
      log,
    });
    this.stuckTurns = new StuckTurnWatchdog({
      turns: o.turns,
      warnMs: config.stuckTurnWarnMs,
      endMs: config.stuckTurnEndMs,
      registry,
      log,
    });
    this.stalls = new StallWatchdog({ thresholdMs: config.stallMs, registry, log });
  }

  start(): void {
    this.memory.start();
    this.stuckTurns.start();
    this.stalls.start();
  }

  stop(): void {
    this.memory.stop();
    this.stuckTurns.stop();
    this.stalls.stop();
  }

  /** What the ops overview shows. */
  status(): OpsWatchdogs {
    return {
      memory: this.memory.status(),
      stuckTurns: this.stuckTurns.stuck(),
      stalls: this.stalls.status(),
    };
  }
}
