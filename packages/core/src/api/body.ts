/**
 * Request bodies for the HTTP adapters, framework-free: the content-type and content-encoding
 * checks, a byte limit enforced while reading (never after buffering everything), and JSON parsing
 * that keeps int64 ids exact. Every failure is a 4xx problem, never a 500.
 */
import { parseJson } from '../http/json.js';
import { ValidationError } from '../errors.js';
import { HttpProblemError } from './problem.js';

/** Default body limit: 100 kB, the same as express.json(). */
export const DEFAULT_BODY_LIMIT = 100 * 1024;

/**
 * Default for how many bytes of a too-large body are read and dropped before the 413 is sent.
 * A client that is still sending when the server answers and closes gets a reset (EPIPE,
 * ECONNRESET) instead of the 413; reading the rest first lets it see the answer. Past this many
 * bytes the server stops reading and closes, and such a client may see the reset.
 */
export const DEFAULT_DISCARD_LIMIT = 8 * 1024 * 1024;

type HeaderValue = string | string[] | number | undefined;

/** What `readJsonBody` needs of a request: Node's IncomingMessage has all of it. */
export interface BodySource extends AsyncIterable<unknown> {
  headers: Record<string, HeaderValue>;
}

export interface ReadJsonBodyOptions {
  /** Largest body accepted, in bytes; larger is a 413. Default 102400 (`DEFAULT_BODY_LIMIT`). */
  limit?: number | undefined;
  /**
   * Bytes of a too-large body read and dropped before the 413, so the client can read it. Default
   * 8 MiB (`DEFAULT_DISCARD_LIMIT`); never less than `limit`.
   */
  discardLimit?: number | undefined;
  /** Sees the exact bytes received, before they are parsed (for a signature over the raw body). Default: none. */
  onBytes?: ((bytes: Buffer) => void) | undefined;
}

/**
 * True for `application/json` and `application/<anything>+json` (merge-patch, problem), with no
 * charset or a UTF-8 one (RFC 8259 JSON is UTF-8).
 */
export function isJsonContentType(value: string): boolean {
  const [type = '', ...params] = value.toLowerCase().split(';').map((s) => s.trim());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

function header(headers: Record<string, HeaderValue>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
}

/** True when the request announces a body (a length above zero, or chunked). */
export function hasBody(headers: Record<string, HeaderValue>): boolean {
  const length = header(headers, 'content-length');
  if (length !== undefined) return Number(length) > 0;
  return header(headers, 'transfer-encoding') !== undefined;
}

/**
 * Reads and parses a JSON body as it arrives on the wire. An empty body is `undefined` (the route
 * decides whether it needs one). Throws HttpProblemError 415 for a non-JSON content type or any
 * content coding but `identity` (nothing here decompresses), 413 past `limit` bytes (checked on
 * Content-Length up front and while streaming), 400 for a body cut off before its end, and
 * ValidationError 400 for malformed JSON.
 */
export async function readJsonBody(source: BodySource, options: ReadJsonBodyOptions = {}): Promise<unknown> {
  const limit = options.limit ?? DEFAULT_BODY_LIMIT;
  if (!hasBody(source.headers)) return undefined;
  checkJsonContentType(source.headers);
  checkIdentityEncoding(source.headers);
  const bytes = await readBytes(source, limit, Math.max(limit, options.discardLimit ?? DEFAULT_DISCARD_LIMIT));
  options.onBytes?.(bytes);
  return parseJsonText(bytes.toString('utf8'));
}

/** Throws 415 unless the Content-Type is JSON. */
export function checkJsonContentType(headers: Record<string, HeaderValue>): void {
  const type = header(headers, 'content-type');
  if (type === undefined || !isJsonContentType(type)) {
    throw new HttpProblemError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
}

/**
 * Throws 415 unless the body is sent as is (no Content-Encoding, or `identity`). Call it where
 * the raw bytes are read; a parser that already decoded the body has dealt with the header.
 */
export function checkIdentityEncoding(headers: Record<string, HeaderValue>): void {
  const codings = (header(headers, 'content-encoding') ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  if (codings.some((c) => c !== 'identity')) {
    throw new HttpProblemError(415, 'unsupported_media_type', 'Send the body uncompressed: this API accepts no Content-Encoding but "identity".');
  }
}

/** Parses JSON text; malformed JSON is a 400 that does not echo the body. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJson(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ path: '', message: 'must be valid JSON' }]);
  }
}

/**
 * The body's bytes, up to `limit`. A larger body is read to its end and dropped (up to
 * `discardLimit` bytes in all) before the 413 is thrown, so the answer reaches a client that
 * writes the whole body before it reads. The iterator is driven by hand: leaving a `for await`
 * early would destroy the request, and with it the socket the 413 has to go out on.
 */
async function readBytes(source: BodySource, limit: number, discardLimit: number): Promise<Buffer> {
  const declared = Number(header(source.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > discardLimit) throw tooLarge(limit);
  const chunks = source[Symbol.asyncIterator]();
  const kept: Buffer[] = [];
  let received = 0;
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await chunks.next();
    } catch {
      throw new HttpProblemError(400, 'body_incomplete', 'The request body ended before it was complete.');
    }
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : (next.value as Buffer);
    received += chunk.length;
    // Past the discard limit, stop reading: the adapter answers 413 and closes the connection.
    if (received > discardLimit) throw tooLarge(limit);
    if (received <= limit) kept.push(chunk);
  }
  if (received > limit || (Number.isFinite(declared) && declared > limit)) throw tooLarge(limit);
  return Buffer.concat(kept);
}

function tooLarge(limit: number): HttpProblemError {
  return new HttpProblemError(413, 'payload_too_large', `The request body is larger than the limit of ${limit} bytes.`);
}
