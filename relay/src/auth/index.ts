// The relay's authentication building blocks; see each module for details.
export { assertSafeBinding } from './auth-config.ts';
export { createAuthenticator, type Authenticator } from './authenticator.ts';
export type { Identity } from './identity.ts';
export { assertOriginAllowed, resolveAllowedOrigins } from './origin.ts';
