/**
 * Deletes are idempotent in grantkit: "already revoked" is a success (DESIGN.md). A DELETE is
 * retried by the transport, so its second attempt may well meet the 404 of its own first one.
 */
import { NotFoundError } from '../../errors.js';
import type { HttpResponse } from '../../http/client.js';
import { seamErrorEnvelopeSchema } from './wire.js';

export interface SeamDeleteResult {
  /** `already_deleted`: Seam answered not_found, so there was nothing left to delete. */
  outcome: 'deleted' | 'already_deleted';
}

export function deleteOutcome(res: HttpResponse<unknown>, what: string): SeamDeleteResult {
  if (res.status !== 404) return { outcome: 'deleted' };
  const envelope = seamErrorEnvelopeSchema.safeParse(res.body);
  // Only Seam's own not_found counts; a bare 404 (wrong endpoint, proxy) must not pass as success.
  if (envelope.success && envelope.data.error.type === 'not_found') return { outcome: 'already_deleted' };
  throw new NotFoundError(`seam ${what} failed with 404 and no Seam error body; check the endpoint.`, { provider: 'seam', requestId: res.requestId });
}
