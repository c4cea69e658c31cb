import { DEV_USER_ID, type Identity } from './identity.ts';

/**
 * The identity `AUTH_MODE=dev` gives the local browser, so `npm start` works without an identity
 * provider. Safe only because dev mode refuses to listen beyond loopback
 * (see `assertSafeBinding`).
 */
export const devIdentity: Identity = Object.freeze({
  userId: DEV_USER_ID,
  mode: 'dev',
  displayName: 'Local user',
});
