/** A revokeAll report entry as JSON: the typed error reduced to its safe, documented fields. */
import { isGrantkitError } from '../errors.js';
import type { RevokeAllEntry } from '../service/revoke.js';

export function entryJson(entry: RevokeAllEntry): Record<string, unknown> {
  const { error, ...rest } = entry;
  if (error === undefined) return rest;
  // GrantkitError messages never carry a secret (the transport redacts them); anything else is hidden.
  const safe = isGrantkitError(error)
    ? { code: error.code, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}), retryable: error.retryable }
    : { code: 'internal_error', message: 'Unexpected failure; see the server log.', retryable: true };
  return { ...rest, error: safe };
}
