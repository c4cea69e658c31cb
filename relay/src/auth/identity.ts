/** How the relay established who is connecting. */
export type AuthMode = 'dev' | 'jwt';

/** Who is on the other end of a request or connection, once authenticated. */
export interface Identity {
  /** Stable user id: the token's `sub` in jwt mode, {@link DEV_USER_ID} in dev mode. */
  readonly userId: string;
  readonly mode: AuthMode;
  /** A name to show, from the token's `name` claim when it has one. */
  readonly displayName?: string;
  /** The token's issuer (`iss`), when it names one. */
  readonly issuer?: string;
  /**
   * When the token behind this identity expires (epoch ms, relay clock). Absent in dev mode.
   * A session may outlive it; decide there whether that matters.
   */
  readonly expiresAtMs?: number;
}

/** The user id every local visitor gets in dev mode. */
export const DEV_USER_ID = 'local';
