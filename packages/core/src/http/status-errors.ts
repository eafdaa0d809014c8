/**
 * Turning a failed exchange into a typed error: the default mapping of an HTTP status (a provider
 * client may map its own error bodies first) and the classification of undici's socket errors.
 */
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  type GrantkitError,
  type GrantkitErrorOptions,
  NetworkError,
  NotFoundError,
  ProviderError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
  type ProviderName,
  type ValidationIssue,
} from '../errors.js';

/** What a provider's error mapper gets to look at. Secrets are already redacted from `rawBody`. */
export interface ErrorResponse {
  provider: ProviderName | undefined;
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  rawBody: string;
  requestId: string | undefined;
  retryAfterMs: number | undefined;
}

/** A provider hook: return a typed error for bodies it knows, or undefined for the default. */
export type ErrorMapper = (response: ErrorResponse) => GrantkitError | undefined;

/** What a provider mapper adds to the status-based default. */
export interface ErrorDetail {
  /** Human text from the provider's body, quoted after the status. */
  detail?: string | undefined;
  /** The provider's own error code, kept as `providerCode` and shown beside the status. */
  providerCode?: string | undefined;
  /** Field issues for a 400/422. */
  issues?: ValidationIssue[] | undefined;
  /** Appended to the 401 message: how to fix the credentials. */
  authHint?: string | undefined;
  /** Appended to the 403 message: what permission or scope to check. */
  forbiddenHint?: string | undefined;
}

/**
 * The one status -> error-type mapping. Provider mappers that only choose by status call it with
 * what they parsed from the body; those that choose by the provider's own codes (ZITADEL, Seam)
 * use it as their fallback.
 */
export function defaultErrorFor(res: ErrorResponse, extra: ErrorDetail = {}): GrantkitError {
  const what = `${res.provider ?? 'provider'} ${res.method} ${res.path}`;
  const tag = extra.providerCode ? `${res.status} ${extra.providerCode}` : `HTTP ${res.status}`;
  const message = extra.detail ? `${what} failed with ${tag}: ${extra.detail}` : `${what} failed with ${tag}.`;
  const base: GrantkitErrorOptions = { provider: res.provider, requestId: res.requestId, providerCode: extra.providerCode };
  switch (res.status) {
    case 400:
    case 422:
      return new ValidationError(message, extra.issues ?? [], base);
    case 401:
      return new AuthError(`${what} was rejected as unauthenticated (${tag}): ${extra.authHint ?? 'check the API key or token'}.`, base);
    case 403:
      return new ForbiddenError(
        `${what} was forbidden (${tag}): ${extra.forbiddenHint ?? 'the credentials lack permission for this call'}.${extra.detail ? ` ${extra.detail}` : ''}`,
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

/** Statuses after which a safe request is tried again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Socket error codes that mean the request never left this machine (safe to retry any method). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps an undici/socket failure to a NetworkError that says whether the request may have landed. */
export function networkErrorFor(error: unknown, provider: ProviderName | undefined, what: string): NetworkError {
  const code = errorCode(error) ?? 'UNKNOWN';
  const notSent = NOT_SENT_CODES.has(code);
  return new NetworkError(
    notSent
      ? `${what} could not connect (${code}); the request was not sent.`
      : `${what} lost its connection (${code}); the provider may or may not have applied it.`,
    { provider, outcomeUnknown: !notSent, retryable: true },
  );
}
