/**
 * Request bodies for the HTTP adapters, framework-free: the content-type check, a byte limit
 * enforced while reading (never after buffering everything), and JSON parsing that keeps int64
 * ids exact. Every failure is a 4xx problem, never a 500.
 */
import { parseJson } from '../http/json.js';
import { ValidationError } from '../errors.js';
import { HttpProblemError } from './problem.js';

/** Default body limit: 100 kB, the same as express.json(). */
export const DEFAULT_BODY_LIMIT = 100 * 1024;

type HeaderValue = string | string[] | number | undefined;

/** What `readJsonBody` needs of a request: Node's IncomingMessage has all of it. */
export interface BodySource extends AsyncIterable<unknown> {
  headers: Record<string, HeaderValue>;
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
 * Reads and parses a JSON body. An empty body is `undefined` (the route decides whether it needs
 * one). Throws HttpProblemError 415 for a non-JSON content type, 413 past `limit` bytes (checked on
 * Content-Length up front and while streaming), and ValidationError 400 for malformed JSON.
 */
export async function readJsonBody(source: BodySource, { limit = DEFAULT_BODY_LIMIT }: { limit?: number } = {}): Promise<unknown> {
  if (!hasBody(source.headers)) return undefined;
  checkJsonContentType(source.headers);
  const declared = Number(header(source.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    // Stop reading at the limit; the adapter answers 413 and closes the connection.
    if (size > limit) throw tooLarge(limit);
    chunks.push(buf);
  }
  return parseJsonText(Buffer.concat(chunks).toString('utf8'));
}

/** Throws 415 unless the Content-Type is JSON. */
export function checkJsonContentType(headers: Record<string, HeaderValue>): void {
  const type = header(headers, 'content-type');
  if (type === undefined || !isJsonContentType(type)) {
    throw new HttpProblemError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
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

function tooLarge(limit: number): HttpProblemError {
  return new HttpProblemError(413, 'payload_too_large', `The request body is larger than the limit of ${limit} bytes.`);
}
