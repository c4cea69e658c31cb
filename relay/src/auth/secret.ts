import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A configuration secret that does not print itself: JSON serialisation (pino included), string
 * conversion and `util.inspect` all show `[redacted]`, so logging a config object cannot leak it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself: pass it straight to the code that needs it, never to a log. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
