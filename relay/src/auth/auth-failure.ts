import { errors } from 'jose';
import { RelayError } from '../errors.ts';

/** Why authentication failed: a category for logs and tests, never verification internals. */
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
  | 'invalid-claims'
  | 'provider-unavailable';

/** What the user is told for each reason (the `message` of the `unauthorized` error). */
export const AUTH_FAILURE_MESSAGES: Readonly<Record<AuthFailureReason, string>> = {
  'missing-token': 'Sign in first: send your token as "Authorization: Bearer <token>".',
  'malformed-header': 'The Authorization header must be "Bearer <token>".',
  'malformed-token': 'Your token is not a well-formed signed JWT. Sign in again.',
  'alg-not-allowed': 'Your token is signed with an algorithm this relay does not accept.',
  'bad-signature': 'The signature of your token is not valid. Sign in again.',
  'unknown-key':
    'Your token is signed with a key your identity provider does not publish. Sign in again.',
  expired: 'Your sign-in has expired. Sign in again.',
  'not-yet-valid':
    'Your token is not valid yet. Check the clock of this device, then sign in again.',
  'wrong-issuer': 'Your token comes from an identity provider this relay does not trust.',
  'wrong-audience': 'Your token was issued for another application, not this relay.',
  'missing-subject': 'Your token names no usable user (its "sub" claim is missing or invalid).',
  'invalid-claims': 'Your token lacks a required claim (such as "exp") or has an invalid one.',
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
