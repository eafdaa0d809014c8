/**
 * A reservation key alone must not decide that a request is a retry: anyone who knows (or guesses)
 * a booking id would get that booking's stay back, PIN included. As with grant idempotency, the
 * whole request decides: the same request returns the first stay, any other is a 409. The
 * request's fingerprint is kept where each mode can compare it later: in the access grant's
 * `access_grant_key` without a Grantkit, in the grant's `reason` with one (Grantkit then compares
 * it as part of the request under the idempotency key `stay:<reservationKey>`).
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '@grantkit/core';
import type { GrantStay } from './inputs.js';

/** The access_grant_key of every stay made without a Grantkit starts with this. */
export const STAY_ACCESS_GRANT_KEY_PREFIX = 'gk_stay_';

/**
 * 32 characters of base64url(SHA-256) over the validated input: the guest as given, doors,
 * window (normalised to ISO), methods, reservation key and name. The validated object has its
 * keys in schema order whatever order the caller used, so its JSON is stable.
 */
export function stayFingerprint(v: GrantStay): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('base64url').slice(0, 32);
}

/** The access_grant_key of a stay made without a Grantkit: unique per workspace at Seam, so a racing retry finds the first. */
export function stayAccessGrantKey(fingerprint: string): string {
  return STAY_ACCESS_GRANT_KEY_PREFIX + fingerprint;
}

/** The reason recorded on the Grantkit grant of a stay; it names the reservation and the request. */
export function stayReason(reservationKey: string, fingerprint: string): string {
  return `stay ${reservationKey} (request ${fingerprint})`;
}

/** The 409 for a reservation key already used by a different request: it says nothing of that stay. */
export function reservationTaken(reservationKey: string): ConflictError {
  return new ConflictError(
    `Reservation ${reservationKey} already has a stay made from a different request (another guest, door, window, access method or name). Send that same request again to get it, or use a new reservation key.`,
    { provider: 'seam' },
  );
}
