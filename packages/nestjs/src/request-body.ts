/**
 * The body of a grants request, under the same rules as @grantkit/express (core `readJsonBody`:
 * JSON content type, no content coding, byte limit, int64-exact parsing, 413/415/400 problems),
 * whoever read it first:
 *
 * - stream untouched (the app runs with `bodyParser: false`, or Nest's parsers skipped the content
 *   type): read and parse it here, refusing a Content-Encoding (nothing here decompresses);
 * - consumed by Nest's parser with `rawBody: true`: re-parse the raw bytes with the same rules
 *   (that parser already decoded any Content-Encoding it accepts, so the bytes are plain);
 * - consumed without a raw copy: take Nest's parsed body (its parser applied its own limit, and
 *   integers beyond 2^53 are already rounded), after the same content-type check.
 */
import { checkJsonContentType, hasBody, readJsonBody } from '@grantkit/core';

interface NodeLikeRequest {
  headers: Record<string, string | string[] | number | undefined>;
  body?: unknown;
  rawBody?: unknown;
  readableEnded?: boolean;
  _body?: boolean;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

export async function readRequestBody(req: NodeLikeRequest, limit: number): Promise<unknown> {
  if (!hasBody(req.headers)) return undefined;
  if (Buffer.isBuffer(req.rawBody)) {
    const raw = req.rawBody;
    // rawBody holds the decoded bytes: the coding and the length on the wire no longer apply.
    const { 'content-encoding': _coding, 'content-length': _length, ...headers } = req.headers;
    return readJsonBody({ headers: { ...headers, 'content-length': raw.length }, async *[Symbol.asyncIterator]() { yield raw; } }, { limit });
  }
  const consumed = req._body === true || req.readableEnded === true || typeof req[Symbol.asyncIterator] !== 'function';
  if (!consumed) return readJsonBody(req as Parameters<typeof readJsonBody>[0], { limit });
  checkJsonContentType(req.headers);
  return req.body;
}
