/**
 * Ids in URL paths. `new URL()` resolves `.` and `..` segments, so an id of `..` turned
 * `DELETE /management/v1/users/U/grants/..` into `DELETE /management/v1/users/U/` (ZITADEL's
 * delete-user), and `encodeURIComponent` keeps both. Two checks keep ids from changing the route:
 * every id put into a path passes `pathSegment` (the provider clients also hold ids to their
 * provider's own alphabet first), and the transport refuses any path with a dot segment, an empty
 * segment or an escape before it builds the URL (`assertSafePath`).
 */
import { type ProviderName, ValidationError } from '../errors.js';

/** RFC 3986 unreserved characters without `.` and `~`: nothing a URL parser rewrites or splits on. */
const ID_SEGMENT = /^[A-Za-z0-9_-]{1,200}$/;
/** A path segment as we send them: RFC 3986 pchar without percent-escapes. */
const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;

/**
 * Returns `value` when it is safe as one path segment as is (1-200 letters, digits, `-`, `_`);
 * otherwise a ValidationError naming `field`, thrown before any request.
 */
export function pathSegment(value: unknown, field: string, provider?: ProviderName): string {
  if (typeof value === 'string' && ID_SEGMENT.test(value)) return value;
  throw new ValidationError(
    `${provider ? `${provider}: ` : ''}${field} cannot go into a request path: an id here is 1-200 letters, digits, "-" or "_".`,
    [{ path: field, message: 'must be an id of letters, digits, "-" or "_" (no ".", "/", "%", spaces or other characters)' }],
    { provider },
  );
}

/**
 * Throws a ValidationError unless `path` is `/`, or `/` followed by non-empty segments that are not
 * `.` or `..` and hold no `%`, `?`, `#`, `\` or other character a URL parser would rewrite.
 */
export function assertSafePath(path: string, provider?: ProviderName): void {
  if (path === '/') return;
  const segments = typeof path === 'string' && path.startsWith('/') ? path.slice(1).split('/') : undefined;
  const bad = segments === undefined || segments.some((s) => s === '.' || s === '..' || !SEGMENT.test(s));
  if (!bad) return;
  const shown = JSON.stringify(String(path).slice(0, 120));
  throw new ValidationError(
    `${provider ?? 'provider'} request path ${shown} is not safe to send: a segment is empty, "." or "..", or holds a character the URL would rewrite.`,
    [{ path: 'path', message: 'must be /-separated non-empty segments without dot segments or escapes' }],
    { provider },
  );
}
