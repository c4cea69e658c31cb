// The relay's authentication building blocks; see each module for details.
export {
  assertSafeBinding,
  loadAuthConfig,
  type AuthConfig,
  type DevAuthConfig,
  type JwtAuthConfig,
  type JwtKeySource,
} from './auth-config.ts';
export { AUTH_FAILURE_MESSAGES, type AuthFailureReason } from './auth-failure.ts';
export {
  createAuthenticator,
  type Authenticator,
  type AuthenticatorDeps,
} from './authenticator.ts';
export { devIdentity } from './dev-identity.ts';
export { DEV_USER_ID, type AuthMode, type Identity } from './identity.ts';
export { isLoopbackHost } from './loopback.ts';
export {
  assertOriginAllowed,
  devDefaultOrigins,
  isOriginAllowed,
  normalizeOrigin,
  resolveAllowedOrigins,
} from './origin.ts';
export { Secret } from './secret.ts';
export {
  TICKET_FAILURE_MESSAGES,
  TicketStore,
  type IssuedTicket,
  type TicketBinding,
  type TicketStoreOptions,
} from './tickets.ts';
