/**
 * Why a device-code token request is refused, as Entra ID answers each state of the code
 * (RFC 8628: authorization_pending, slow_down, expired_token; Entra's authorization_declined).
 *
 * @module
 */
import { AadError } from './aad-error.js';
import type { PollOutcome } from './device-codes.js';

/** The error body for every poll outcome but `approved`. */
export function deviceCodeRefusal(outcome: Exclude<PollOutcome, { kind: 'approved' }>): AadError {
  switch (outcome.kind) {
    case 'unknown':
      return new AadError(
        400,
        'invalid_grant',
        70000,
        "The provided value for the input parameter 'device_code' is not valid.",
      );
    case 'pending':
      return new AadError(
        400,
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      );
    case 'slow_down':
      return new AadError(
        400,
        'slow_down',
        70016,
        `Polling too fast: wait ${outcome.grant.intervalSeconds} seconds between requests.`,
      );
    case 'expired':
      return new AadError(
        400,
        'expired_token',
        70020,
        "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
      );
    case 'declined':
      return new AadError(
        400,
        'authorization_declined',
        70000,
        'The end user denied the authorization request.',
      );
    case 'redeemed':
      return new AadError(400, 'invalid_grant', 54005, 'The device code was already redeemed.');
  }
}
