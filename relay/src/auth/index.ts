// The relay's authentication building blocks; see each module for details.
export { assertSafeBinding } from './auth-config.ts';
export { createAuthenticator, type Authenticator } from './authenticator.ts';
export type { Identity } from './identity.ts';
export { OriginGate } from './origin-gate.ts';
export { resolveOriginPolicy, type OriginPolicy, type OriginScope } from './origin.ts';
