import { errors } from 'jose';
import { RelayError } from '../errors.ts';

/** Why authentication failed: the check that failed, for the log (the client is told less). */
export type AuthFailureReason =
  | 'missing-token'
  | 'malformed-header'
  | 'malformed-token'
  | 'alg-not-allowed'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-subject'
  | 'reserved-subject'
  | 'invalid-claims'
  | 'provider-unavailable';

/**
 * What the client is told when its token fails a check: one reason, whichever check failed
 * (signature, algorithm, key id, expiry, issuer, audience, claims), so that a caller probing the
 * relay with crafted tokens learns nothing of how it is configured. The relay's log keeps the
 * exact check (see `createAuthenticator`).
 */
export const SIGN_IN_AGAIN = 'Sign in again: your sign-in is not valid or has expired.';

/**
 * What the client is told for each reason (the `message` of the `unauthorized` error): a missing
 * token, a malformed header and an unreachable identity provider say so (none of them is a check
 * of the token); every failed check of a token says {@link SIGN_IN_AGAIN}.
 */
export const AUTH_FAILURE_MESSAGES: Readonly<Record<AuthFailureReason, string>> = {
  'missing-token': 'Sign in first: send your token as "Authorization: Bearer <token>".',
  'malformed-header': 'The Authorization header must be "Bearer <token>".',
  'malformed-token': SIGN_IN_AGAIN,
  'alg-not-allowed': SIGN_IN_AGAIN,
  'bad-signature': SIGN_IN_AGAIN,
  'unknown-key': SIGN_IN_AGAIN,
  expired: SIGN_IN_AGAIN,
  'not-yet-valid': SIGN_IN_AGAIN,
  'wrong-issuer': SIGN_IN_AGAIN,
  'wrong-audience': SIGN_IN_AGAIN,
  'missing-subject': SIGN_IN_AGAIN,
  // A valid token the relay cannot serve: signing in again would not help, so it says why.
  'reserved-subject':
    'Your identity provider gave you a user id this relay keeps for itself (it starts with ' +
    '"dev:"). Ask the operator to change it at the identity provider.',
  'invalid-claims': SIGN_IN_AGAIN,
  'provider-unavailable':
    'The relay could not get the signing keys of your identity provider to check your sign-in. ' +
    'Try again shortly.',
};

/** The error thrown for `reason`: `unauthorized` (HTTP 401, close 4401) with its message. */
export function authFailure(reason: AuthFailureReason): RelayError {
  return RelayError.unauthorized(AUTH_FAILURE_MESSAGES[reason]);
}

/**
 * Maps an error from jose's `jwtVerify` (or from fetching the JWKS) to a reason. Errors that are
 * not jose's come from the network when keys come from a JWKS (fetch failed, refused, reset).
 */
export function classifyVerifyError(err: unknown, keys: 'secret' | 'jwks'): AuthFailureReason {
  if (!(err instanceof errors.JOSEError))
    return keys === 'jwks' ? 'provider-unavailable' : 'malformed-token';
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) return classifyClaim(err.claim);
  if (err instanceof errors.JOSEAlgNotAllowed) return 'alg-not-allowed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'unknown-key';
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSMultipleMatchingKeys
  )
    return 'bad-signature';
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported
  )
    return 'malformed-token';
  // JWKSTimeout, JWKSInvalid, JWKInvalid, and the generic "Expected 200 OK" / bad JSON.
  return 'provider-unavailable';
}

function classifyClaim(claim: string): AuthFailureReason {
  switch (claim) {
    case 'iss':
      return 'wrong-issuer';
    case 'aud':
      return 'wrong-audience';
    case 'nbf':
      return 'not-yet-valid';
    case 'sub':
      return 'missing-subject';
    default:
      return 'invalid-claims';
  }
}
