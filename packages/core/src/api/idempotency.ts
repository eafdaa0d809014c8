/**
 * Idempotency-Key over HTTP is scoped to the caller. The service takes a key as an opaque string
 * and compares it across everyone; a bare header value would let one caller replay (200) or block
 * (409) another caller's grant, and would share a namespace with other callers of the service
 * (the stays helper uses `stay:<reservationKey>`). So the API never passes the header on: it
 * passes `api:` + a hash of (principal id, header value), which no other caller of the service
 * produces and which differs for every principal.
 */
import { createHash } from 'node:crypto';
import { ConflictError, ValidationError } from '../errors.js';

/** Every key the grants API hands to the service starts with this; the stays helper uses `stay:`. */
export const GRANTS_API_KEY_PREFIX = 'api:';

/**
 * The caller's stable id, from what `authenticate` returned: the principal itself when it is a
 * string, else its `id`, else its `sub` (JWT claims), when that is a non-empty string or a finite
 * number. Undefined when there is none: the API then refuses Idempotency-Key (there is nothing to
 * scope it to).
 */
export function defaultPrincipalId(principal: unknown): string | undefined {
  if (typeof principal === 'string') return principal || undefined;
  if (!principal || typeof principal !== 'object') return undefined;
  for (const field of ['id', 'sub'] as const) {
    const value = (principal as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * The key the service gets for `Idempotency-Key: <key>` from `principalId`. JSON of the pair keeps
 * the two parts apart (no `a` + `b:c` = `a:b` + `c`), SHA-256 keeps the result within the service's
 * key rules (printable ASCII, at most 255 characters) and reveals neither part.
 */
export function scopedIdempotencyKey(principalId: string | undefined, key: string): string {
  if (principalId === undefined) {
    throw new ValidationError(
      'Idempotency-Key cannot be used here: the server does not identify the caller, so the key could not be kept apart from other callers\' keys. Server: give the grants API a principal id (authenticate returning an object with an id or sub, req.user in NestJS, or the principalId option).',
      [{ path: 'idempotency-key', message: 'needs an identified caller' }],
    );
  }
  return GRANTS_API_KEY_PREFIX + createHash('sha256').update(JSON.stringify([principalId, key])).digest('base64url');
}

/**
 * True for the service's refusal of `key` reused with another request (a ConflictError of no
 * provider that names the key), as opposed to a provider's 409. The service does not tag that
 * error otherwise, so the key in its message is the tell.
 */
export function isIdempotencyConflict(error: unknown, key: string): error is ConflictError {
  return error instanceof ConflictError && error.provider === undefined && error.message.includes(key);
}
