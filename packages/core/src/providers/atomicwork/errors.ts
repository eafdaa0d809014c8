/**
 * Atomicwork error replies -> grantkit errors. The body is `{ error, code }` (providers.md 1.4,
 * UNVERIFIED); the type is chosen by HTTP status, never by the message text, and `code` is kept
 * as `providerCode`.
 */
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  type GrantkitError,
  type GrantkitErrorOptions,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
} from '../../errors.js';
import type { ErrorResponse } from '../../http/index.js';
import { errorBodySchema } from './wire.js';

const MAX_DETAIL = 300;

export function mapAtomicworkError(res: ErrorResponse): GrantkitError {
  const parsed = errorBodySchema.safeParse(res.body);
  const code = parsed.success ? parsed.data.code : undefined;
  const rawDetail = parsed.success ? (parsed.data.error ?? parsed.data.message) : undefined;
  const detail = rawDetail?.slice(0, MAX_DETAIL);
  const what = `atomicwork ${res.method} ${res.path}`;
  const tag = code ? `${res.status} ${code}` : `HTTP ${res.status}`;
  const message = detail ? `${what} failed with ${tag}: ${detail}` : `${what} failed with ${tag}.`;
  const base: GrantkitErrorOptions = { provider: 'atomicwork', requestId: res.requestId, providerCode: code };
  switch (res.status) {
    case 400:
    case 422:
      return new ValidationError(message, detail ? [{ path: '', message: detail }] : [], base);
    case 401:
      return new AuthError(`${what} was rejected as unauthenticated (${tag}): check the apiKey (sent as X-Api-Key).`, base);
    case 403:
      return new ForbiddenError(
        `${what} was forbidden (${tag}): the API key lacks permission or belongs to another workspace (check workspaceId).${detail ? ` ${detail}` : ''}`,
        base,
      );
    case 404:
      return new NotFoundError(message, base);
    case 409:
      return new ConflictError(message, base);
    case 408:
    case 504:
      return new TimeoutError(message, { ...base, outcomeUnknown: true });
    case 429:
      return new RateLimitedError(message, { ...base, retryAfterMs: res.retryAfterMs });
    default:
      return new ProviderError(message, { ...base, upstreamStatus: res.status, retryable: res.status >= 500 });
  }
}
