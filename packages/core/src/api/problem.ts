/**
 * RFC 9457 problem details for every HTTP adapter (Express router, NestJS controller and filter):
 * one mapping from our typed errors to `application/problem+json`, so both speak the same errors.
 * Nothing here echoes a stack, a cause, or a request body.
 */
import { isGrantkitError, RateLimitedError, ValidationError, type GrantkitError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Our stable error code (`validation_error`, `not_found`, ...). */
  code: string;
  /** For validation errors: every failing field. */
  errors?: Array<{ path: string; message: string }>;
  provider?: string;
  requestId?: string;
  /** Seconds, mirrored in the Retry-After header. */
  retryAfter?: number;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

/** The status an error is answered with: the error's own, or 500 for anything unexpected. */
export function problemStatus(error: GrantkitError): number {
  const status = error.status ?? (error.code === 'config_error' ? 500 : 502);
  return status >= 400 && status <= 599 ? status : 500;
}

/**
 * An HTTP-level refusal found before the core is reached (body too large, wrong content type, no
 * route): it carries its problem as is. Core errors stay the typed GrantkitErrors.
 */
export class HttpProblemError extends Error {
  readonly problem: ProblemDetails;

  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.name = 'HttpProblemError';
    this.problem = problem(status, code, detail);
  }
}

/** Maps any thrown value to a problem. Unknown errors become a bare 500 that reveals nothing. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof HttpProblemError) return { ...error.problem };
  if (!isGrantkitError(error)) return problem(500, 'internal_error', 'An unexpected error occurred.');
  const status = problemStatus(error);
  const out = problem(status, error.code, error.code === 'config_error' ? 'The server is misconfigured.' : error.message);
  if (error instanceof ValidationError && error.issues.length) out.errors = error.issues.map((i) => ({ path: i.path, message: i.message }));
  if (error.provider) out.provider = error.provider;
  if (error.requestId) out.requestId = error.requestId;
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) out.retryAfter = Math.ceil(error.retryAfterMs / 1000);
  return out;
}

/** Builds a problem for errors the adapter finds itself (bad JSON, wrong content type, 401, 403). */
export function problem(status: number, code: string, detail: string, errors?: Array<{ path: string; message: string }>): ProblemDetails {
  const out: ProblemDetails = {
    type: `urn:grantkit:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
  if (errors?.length) out.errors = errors;
  return out;
}

/** Response headers for a problem: the content type and, for 429/503, Retry-After. */
export function problemHeaders(p: ProblemDetails): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (p.retryAfter !== undefined) headers['retry-after'] = String(p.retryAfter);
  return headers;
}
