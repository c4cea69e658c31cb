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

/**
 * User ids the relay gives itself start with this; a token whose `sub` does is refused, so no
 * identity provider can issue one of them (a data folder used in dev mode, then in jwt mode,
 * keeps the dev user's data from a token with `sub: "dev:local"`).
 */
export const RESERVED_USER_ID_PREFIX = 'dev:';

/**
 * The user id every local visitor gets in dev mode: in the relay's own namespace
 * ({@link RESERVED_USER_ID_PREFIX}). It was `local` before (migration 010 moved that data).
 */
export const DEV_USER_ID = `${RESERVED_USER_ID_PREFIX}local`;

/** Whether `userId` is in the relay's own namespace, which no token may claim. */
export function isReservedUserId(userId: string): boolean {
  return userId.startsWith(RESERVED_USER_ID_PREFIX);
}
