/**
 * The typed error hierarchy. Every error grantkit throws is a `GrantkitError` with a stable
 * `code`, the HTTP `status` it maps to, the `provider` involved, the provider's `requestId` and
 * whether retrying the same call could succeed (`retryable`).
 *
 * Messages are meant to be shown to a developer and never carry a secret: the transport redacts
 * every secret a client was given before it builds an error, and `toJSON()` emits only the fields
 * below (no `cause`, no stack).
 */

export type GrantkitErrorCode =
  | 'config_error'
  | 'validation_error'
  | 'auth_error'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'timeout'
  | 'network_error'
  | 'provider_error'
  | 'aborted'
  | 'invalid_transition';

export type ProviderName = 'atomicwork' | 'zitadel' | 'seam';

export interface GrantkitErrorOptions {
  /** Provider the error came from, when one was involved. Default: none. */
  provider?: ProviderName | undefined;
  /** The provider's request id (a response header or body field), for support tickets. Default: none. */
  requestId?: string | undefined;
  /** HTTP status this error maps to; defaults per subclass. */
  status?: number | undefined;
  /** Whether the same call may succeed when retried; defaults per subclass. */
  retryable?: boolean | undefined;
  /** The provider's own error code (e.g. `invalid_input`, `COMMAND-4f8sg`, `already_exists`). Default: none. */
  providerCode?: string | undefined;
  /** Lower-level error. Kept for debugging but never serialised by `toJSON()`. Default: none. */
  cause?: unknown;
}

export class GrantkitError extends Error {
  readonly code: GrantkitErrorCode;
  readonly status: number | undefined;
  readonly provider: ProviderName | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly providerCode: string | undefined;

  constructor(code: GrantkitErrorCode, message: string, options: GrantkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.provider = options.provider;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.providerCode = options.providerCode;
  }

  /** Plain data for logs and HTTP problem bodies. Deliberately omits `cause` and `stack`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    if (this.status !== undefined) out.status = this.status;
    if (this.provider !== undefined) out.provider = this.provider;
    if (this.requestId !== undefined) out.requestId = this.requestId;
    if (this.providerCode !== undefined) out.providerCode = this.providerCode;
    out.retryable = this.retryable;
    return out;
  }
}

/** A client or service was constructed with options that cannot work. The message shows the fix. */
export class ConfigError extends GrantkitError {
  constructor(message: string, options: GrantkitErrorOptions = {}) {
    super('config_error', message, options);
  }
}

export interface ValidationIssue {
  /** Field path, dot-joined (`target.roleKeys.0`); empty for the whole input. */
  path: string;
  message: string;
}

/** Input was rejected, by us or by the provider. `issues` names every failing field. */
export class ValidationError extends GrantkitError {
  readonly issues: ValidationIssue[];

  constructor(message: string, issues: ValidationIssue[] = [], options: GrantkitErrorOptions = {}) {
    super('validation_error', message, { status: 400, ...options });
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Credentials were missing, wrong or expired (HTTP 401). */
export class AuthError extends GrantkitError {
  constructor(message: string, options: GrantkitErrorOptions = {}) {
    super('auth_error', message, { status: 401, ...options });
  }
}

/** Credentials were fine but lack the permission for this call (HTTP 403). */
export class ForbiddenError extends GrantkitError {
  constructor(message: string, options: GrantkitErrorOptions = {}) {
    super('forbidden', message, { status: 403, ...options });
  }
}

export class NotFoundError extends GrantkitError {
  constructor(message: string, options: GrantkitErrorOptions = {}) {
    super('not_found', message, { status: 404, ...options });
  }
}

export class ConflictError extends GrantkitError {
  constructor(message: string, options: GrantkitErrorOptions = {}) {
    super('conflict', message, { status: 409, ...options });
  }
}

/** The provider (or our own client-side limit) refused for rate. `retryAfterMs` when known. */
export class RateLimitedError extends GrantkitError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: GrantkitErrorOptions & { retryAfterMs?: number | undefined } = {}) {
    super('rate_limited', message, { status: 429, retryable: true, ...options });
    this.retryAfterMs = options.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    const out = super.toJSON();
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    return out;
  }
}

/**
 * Options for the two errors that can leave a write's outcome unknown: the request may have
 * reached the provider and been applied even though no reply came back.
 */
export interface UncertainOutcomeOptions extends GrantkitErrorOptions {
  /** True when the request may have been processed by the provider (sent, reply lost). Default false. */
  outcomeUnknown?: boolean | undefined;
}

/** No complete reply within the per-attempt timeout (maps to HTTP 504). */
export class TimeoutError extends GrantkitError {
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: UncertainOutcomeOptions = {}) {
    super('timeout', message, { status: 504, retryable: true, ...options });
    this.outcomeUnknown = options.outcomeUnknown ?? true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), outcomeUnknown: this.outcomeUnknown };
  }
}

/** The connection failed (refused, reset, DNS). Maps to HTTP 502. */
export class NetworkError extends GrantkitError {
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: UncertainOutcomeOptions = {}) {
    super('network_error', message, { status: 502, retryable: true, ...options });
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), outcomeUnknown: this.outcomeUnknown };
  }
}

/** The provider failed or answered something we cannot use (5xx, malformed body). HTTP 502. */
export class ProviderError extends GrantkitError {
  /** The status the provider answered with, when it answered. */
  readonly upstreamStatus: number | undefined;

  constructor(message: string, options: GrantkitErrorOptions & { upstreamStatus?: number | undefined } = {}) {
    super('provider_error', message, { status: 502, ...options });
    this.upstreamStatus = options.upstreamStatus;
  }

  override toJSON(): Record<string, unknown> {
    const out = super.toJSON();
    if (this.upstreamStatus !== undefined) out.upstreamStatus = this.upstreamStatus;
    return out;
  }
}

/** The caller's AbortSignal fired; no further attempt is made. */
export class AbortError extends GrantkitError {
  constructor(message = 'The operation was aborted by the caller.', options: GrantkitErrorOptions = {}) {
    super('aborted', message, { status: 499, ...options });
  }
}

export function isGrantkitError(value: unknown): value is GrantkitError {
  return value instanceof GrantkitError;
}

/** True for timeouts and network errors after which a write may or may not have been applied. */
export function isOutcomeUnknown(error: unknown): boolean {
  return (error instanceof TimeoutError || error instanceof NetworkError) && error.outcomeUnknown;
}

/** Awaits a read; a NotFoundError becomes null (the thing is gone), every other error propagates. */
export async function nullIfNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
