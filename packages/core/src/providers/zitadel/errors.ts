/**
 * ZITADEL error bodies -> typed errors, on the gRPC code and `details[].id` only: the `message`
 * is localised (zitadel/zitadel#12498), so it is quoted for humans but never matched.
 *
 * - v1 (grpc-gateway): `{code: <int>, message, details: [{"@type", id, message}]}` (providers.md 2.4).
 * - v2 (Connect): `{code: "<snake_case>", message, details: [{type, value, debug?}]}`; the ZITADEL
 *   ErrorDetail rides in `debug` (JSON) and, always, in `value` (base64 protobuf).
 * - token endpoint: OAuth `{error, error_description}` (providers.md 2.7).
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
  type ValidationIssue,
} from '../../errors.js';
import type { ErrorResponse } from '../../http/status-errors.js';

/** gRPC code numbers -> the snake_case names Connect uses. */
const GRPC_NAMES = [
  'ok', 'canceled', 'unknown', 'invalid_argument', 'deadline_exceeded', 'not_found', 'already_exists',
  'permission_denied', 'resource_exhausted', 'failed_precondition', 'aborted', 'out_of_range',
  'unimplemented', 'internal', 'unavailable', 'data_loss', 'unauthenticated',
] as const;

/** ZITADEL error ids we act on (ZREPO internal/command/user_grant.go, providers.md 2.4). */
export const ZITADEL_ERROR_IDS = {
  userGrantInvalid: 'COMMAND-kVfMa',
  roleNotFound: 'COMMAND-mm9F4',
  alreadyExists: 'V3-DKcYh',
  notChanged: 'COMMAND-Rs8fy',
  removeNotFound: 'COMMAND-1My0t',
} as const;

export interface ParsedZitadelError {
  /** snake_case gRPC name, e.g. `already_exists`. */
  code: string;
  /** First ZITADEL error id found in the details, e.g. `COMMAND-mm9F4`. */
  id: string | undefined;
  message: string;
}

export function parseZitadelError(body: unknown): ParsedZitadelError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  let code: string | undefined;
  if (typeof record.code === 'number' && Number.isInteger(record.code)) code = GRPC_NAMES[record.code] ?? 'unknown';
  else if (typeof record.code === 'string' && (GRPC_NAMES as readonly string[]).includes(record.code)) code = record.code;
  if (code === undefined) return undefined;
  const details = Array.isArray(record.details) ? record.details : record.detail ? [record.detail] : [];
  let id: string | undefined;
  for (const detail of details) {
    id = detailId(detail);
    if (id) break;
  }
  return { code, id, message: typeof record.message === 'string' ? record.message.slice(0, 300) : '' };
}

function detailId(detail: unknown): string | undefined {
  if (!detail || typeof detail !== 'object') return undefined;
  const d = detail as Record<string, unknown>;
  if (typeof d.id === 'string') return d.id; // v1 ErrorDetail inline
  const debug = d.debug as Record<string, unknown> | undefined;
  if (debug && typeof debug.id === 'string') return debug.id;
  if (typeof d.value === 'string') return protoStringField(d.value, 1);
  return undefined;
}

/** Reads string field `field` from a base64 protobuf message (ErrorDetail: id = 1, message = 2). */
function protoStringField(base64: string, field: number): string | undefined {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(base64.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } catch {
    return undefined;
  }
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    while (i < bytes.length && shift < 35) {
      const b = bytes[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    return -1;
  };
  while (i < bytes.length) {
    const tag = varint();
    if (tag < 0) return undefined;
    const wire = tag & 7;
    if (wire !== 2) return undefined; // ErrorDetail only has string fields
    const length = varint();
    if (length < 0 || i + length > bytes.length) return undefined;
    if (tag >>> 3 === field) return bytes.subarray(i, i + length).toString('utf8');
    i += length;
  }
  return undefined;
}

const ISSUE_PATHS: Record<string, ValidationIssue> = {
  [ZITADEL_ERROR_IDS.roleNotFound]: { path: 'roleKeys', message: 'a role key does not exist on the project (or the project grant)' },
  [ZITADEL_ERROR_IDS.userGrantInvalid]: { path: '', message: 'userId and projectId are required' },
};

/** The transport's `mapError` for both API versions. */
export function mapZitadelError(res: ErrorResponse): GrantkitError | undefined {
  const parsed = parseZitadelError(res.body);
  if (!parsed) return undefined;
  const what = `zitadel ${res.method} ${res.path}`;
  const tail = `${parsed.code}${parsed.id ? ` ${parsed.id}` : ''}${parsed.message ? `: ${parsed.message}` : ''}`;
  const base: GrantkitErrorOptions = { provider: 'zitadel', requestId: res.requestId, providerCode: parsed.id ?? parsed.code };
  switch (parsed.code) {
    case 'invalid_argument':
    case 'failed_precondition':
    case 'out_of_range': {
      const issue = parsed.id ? ISSUE_PATHS[parsed.id] : undefined;
      return new ValidationError(`${what} was rejected (${tail}).`, issue ? [issue] : [], base);
    }
    case 'unauthenticated':
      return new AuthError(`${what} was rejected as unauthenticated (${tail}); check the PAT or service account key.`, base);
    case 'permission_denied':
      return new ForbiddenError(`${what} was forbidden (${tail}); the service user needs a manager role (e.g. Org Owner) in the organization.`, base);
    case 'not_found':
      return new NotFoundError(`${what} found nothing (${tail}).`, base);
    case 'already_exists':
    case 'aborted':
      return new ConflictError(`${what} conflicts with existing state (${tail}).`, base);
    case 'resource_exhausted':
      return new RateLimitedError(`${what} was rate limited (${tail}).`, { ...base, retryAfterMs: res.retryAfterMs });
    case 'deadline_exceeded':
      return new TimeoutError(`${what} timed out upstream (${tail}).`, { ...base, outcomeUnknown: true });
    default:
      return new ProviderError(`${what} failed (${tail}).`, { ...base, upstreamStatus: res.status, retryable: res.status >= 500 });
  }
}

const OAUTH_AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied']);

/** The token endpoint's `mapError`: OAuth error bodies. */
export function mapTokenError(res: ErrorResponse): GrantkitError | undefined {
  const body = res.body as { error?: unknown; error_description?: unknown } | undefined;
  if (!body || typeof body !== 'object' || typeof body.error !== 'string') return undefined;
  const code = body.error.slice(0, 60);
  const description = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 300)}` : '';
  const base: GrantkitErrorOptions = { provider: 'zitadel', requestId: res.requestId, providerCode: code };
  if (OAUTH_AUTH_ERRORS.has(code)) {
    return new AuthError(
      `zitadel token exchange was refused (${code}${description}); check that the service account key is current and the issuer is the instance URL.`,
      base,
    );
  }
  if (res.status >= 500) return undefined;
  return new ProviderError(`zitadel token exchange failed (${code}${description}).`, { ...base, upstreamStatus: res.status });
}
