import { RelayError } from '../errors.ts';
import { DEV_USER_ID, type Identity } from './identity.ts';

/**
 * The identity `AUTH_MODE=dev` gives the local browser, so `npm start` works without an identity
 * provider. Given only to a request from this machine to this machine (a loopback peer, a
 * loopback `Host`, no proxy's forwarding header: see `Caller.local`); the relay also refuses to
 * listen beyond loopback or behind a trusted proxy in dev mode (see `assertSafeBinding`).
 */
export const devIdentity: Identity = Object.freeze({
  userId: DEV_USER_ID,
  mode: 'dev',
  displayName: 'Local user',
});

/** What a dev-mode relay answers a request that is not from this machine. */
export const DEV_MODE_REMOTE_MESSAGE =
  'This relay is in dev mode and serves only this machine. To serve others, set AUTH_MODE=jwt.';

/**
 * A request to a dev-mode relay that did not come from this machine (forwarded by a proxy, or
 * sent to a name that is not loopback): HTTP 403, close 4403.
 */
export function devModeRemote(): RelayError {
  return RelayError.forbidden(DEV_MODE_REMOTE_MESSAGE);
}
