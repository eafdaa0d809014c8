/**
 * Seam error bodies -> grantkit errors (providers.md §3.4). Seam answers
 * `{"error": {"type", "message", "validation_errors"?}, "ok": false}` and puts the request id in the
 * `seam-request-id` header. We map on `type` and the status, never on message text.
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
  ValidationError,
  type ValidationIssue,
} from '../../errors.js';
import type { ErrorResponse } from '../../http/status-errors.js';
import { seamErrorEnvelopeSchema } from './wire.js';

export const SEAM_REQUEST_ID_HEADER = 'seam-request-id';

export function mapSeamError(res: ErrorResponse): GrantkitError | undefined {
  const parsed = seamErrorEnvelopeSchema.safeParse(res.body);
  // Not the envelope (e.g. a plain-text 404 from a proxy): the status-based default applies.
  if (!parsed.success) return undefined;
  const { type, message, validation_errors: validationErrors } = parsed.data.error;
  const base: GrantkitErrorOptions = { provider: 'seam', requestId: res.requestId, providerCode: type };
  const text = `seam ${res.method} ${res.path} failed with ${res.status} (${type})${message ? `: ${message}` : '.'}`;
  if (type === 'invalid_input' || res.status === 400 || res.status === 422) {
    return new ValidationError(text, validationIssues(validationErrors), base);
  }
  if (res.status === 401 || type === 'unauthorized') {
    return new AuthError(`seam ${res.method} ${res.path} was rejected as unauthenticated (${type}): check the API key, or the personal access token and workspace id.`, base);
  }
  if (res.status === 403) return new ForbiddenError(text, base);
  if (res.status === 404) return new NotFoundError(text, base);
  if (res.status === 409) return new ConflictError(text, base);
  if (res.status === 429) return new RateLimitedError(text, { ...base, retryAfterMs: res.retryAfterMs });
  return new ProviderError(text, { ...base, upstreamStatus: res.status, retryable: res.status >= 500 });
}

/**
 * Flattens zod's `format()` tree (`{ field: { _errors: [...] , 0: {...} } , _errors: [...] }`) into
 * issues with dot-joined paths, keeping every per-field message.
 */
export function validationIssues(tree: Record<string, unknown> | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '_errors' && Array.isArray(value)) {
        for (const m of value) issues.push({ path: path.join('.'), message: String(m) });
      } else {
        walk(value, [...path, key]);
      }
    }
  };
  walk(tree, []);
  return issues;
}

/** True when a create failed because its `access_grant_key` is already taken in the workspace. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (error instanceof ConflictError) return true;
  // The duplicate-key status is not documented (providers.md §3.6); some Seam routes report
  // conflicts as invalid_input on the field, so a validation issue on the key counts too.
  return error instanceof ValidationError && error.issues.some((i) => i.path === 'access_grant_key' || i.path.startsWith('access_grant_key.'));
}
