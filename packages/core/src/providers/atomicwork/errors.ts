/**
 * Atomicwork error replies -> grantkit errors. The body is `{ error, code }` (providers.md 1.4,
 * UNVERIFIED); the type is chosen by HTTP status, never by the message text, and `code` is kept
 * as `providerCode`.
 */
import type { GrantkitError } from '../../errors.js';
import { defaultErrorFor, type ErrorResponse } from '../../http/status-errors.js';
import { errorBodySchema } from './wire.js';

const MAX_DETAIL = 300;

export function mapAtomicworkError(res: ErrorResponse): GrantkitError {
  const parsed = errorBodySchema.safeParse(res.body);
  const code = parsed.success ? parsed.data.code : undefined;
  const rawDetail = parsed.success ? (parsed.data.error ?? parsed.data.message) : undefined;
  const detail = rawDetail?.slice(0, MAX_DETAIL);
  return defaultErrorFor(res, {
    detail,
    providerCode: code,
    issues: detail ? [{ path: '', message: detail }] : [],
    authHint: 'check the apiKey (sent as X-Api-Key)',
    forbiddenHint: 'the API key lacks permission or belongs to another workspace (check workspaceId)',
  });
}
