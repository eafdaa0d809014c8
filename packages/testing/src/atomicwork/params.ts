/**
 * Request reading for the Atomicwork fake: exact int64 ids, pagination (`page`, `per_page`,
 * `next_page_token`; providers.md 1.4) and small body checks. Bad input becomes a 400 with a
 * message naming the field.
 */
import { LosslessNumber } from 'lossless-json';
import type { FakeRequest } from '../server/index.js';
import { FakeHttpError } from './state.js';
import { readJsonExact } from './wire.js';

const INT64 = /^\d{1,19}$/;
const INT64_MAX = 2n ** 63n - 1n;

function isInt64Digits(text: string): boolean {
  return INT64.test(text) && BigInt(text) <= INT64_MAX && BigInt(text) > 0n;
}

/** An id field of a JSON body: an integer (exact digits) or, as a lenient server would, a digit string. */
export function bodyId(value: unknown, field: string): string {
  const text = value instanceof LosslessNumber ? value.value : typeof value === 'string' ? value : undefined;
  if (text === undefined || !isInt64Digits(text)) throw new FakeHttpError(400, `${field} must be a positive int64 integer.`, 'INVALID_FIELD');
  return BigInt(text).toString();
}

export function optionalBodyId(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : bodyId(value, field);
}

/** A path or query id. */
export function textId(text: string, field: string): string {
  if (!isInt64Digits(text)) throw new FakeHttpError(400, `${field} must be a positive int64 integer; got "${text.slice(0, 40)}".`, 'INVALID_FIELD');
  return BigInt(text).toString();
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FakeHttpError(400, `${field} must be a string.`, 'INVALID_FIELD');
  return value;
}

export function optionalDateTime(value: unknown, field: string): string | undefined {
  const text = optionalString(value, field);
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new FakeHttpError(400, `${field} must be an ISO 8601 date-time.`, 'INVALID_FIELD');
  }
  return new Date(text).toISOString();
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new FakeHttpError(400, `${field} must be a boolean.`, 'INVALID_FIELD');
  return value;
}

export function readObjectBody(req: FakeRequest): Record<string, unknown> {
  const body = readBody(req);
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new FakeHttpError(400, 'Request body must be a JSON object.', 'INVALID_BODY');
  return body as Record<string, unknown>;
}

export function readBody(req: FakeRequest): unknown {
  try {
    return readJsonExact(req.rawBody);
  } catch {
    throw new FakeHttpError(400, 'Request body is not valid JSON.', 'INVALID_BODY');
  }
}

export interface PageRequest {
  offset: number;
  perPage: number;
  page: number;
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new FakeHttpError(400, `${name} must be an integer from ${min} to ${max}.`, 'INVALID_PARAMETER');
  }
  return Number(raw);
}

/** `page` (1-based, default 1) and `per_page` (default 25, max 100); a `next_page_token` wins. */
export function pageRequest(query: URLSearchParams, allowToken: boolean): PageRequest {
  const token = allowToken ? query.get('next_page_token') : null;
  if (token) {
    const state = decodeToken(token);
    return { offset: state.o, perPage: state.n, page: Math.floor(state.o / state.n) + 1 };
  }
  const page = intParam(query, 'page', 1, 1, 1_000_000);
  const perPage = intParam(query, 'per_page', 25, 1, 100);
  return { offset: (page - 1) * perPage, perPage, page };
}

export function encodeToken(offset: number, perPage: number): string {
  return Buffer.from(JSON.stringify({ o: offset, n: perPage })).toString('base64url');
}

function decodeToken(token: string): { o: number; n: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: unknown; n: unknown };
    if (Number.isInteger(v.o) && Number.isInteger(v.n) && (v.o as number) >= 0 && (v.n as number) >= 1 && (v.n as number) <= 100) {
      return { o: v.o as number, n: v.n as number };
    }
  } catch {
    // fall through
  }
  throw new FakeHttpError(400, 'next_page_token is invalid; pass back the token of the previous page unchanged.', 'INVALID_PAGE_TOKEN');
}

export function searchMatches(searchKey: string | null, ...fields: Array<string | undefined>): boolean {
  if (!searchKey) return true;
  const needle = searchKey.toLowerCase();
  return fields.some((f) => f?.toLowerCase().includes(needle));
}

/** Sorts by an ISO timestamp, then by id, both as bigints/strings so ties are stable. */
export function compareBy<T extends { id: string }>(key: (x: T) => string | null, desc: boolean): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a) ?? '';
    const kb = key(b) ?? '';
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    const byId = BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;
    const result = primary !== 0 ? primary : byId;
    return desc ? -result : result;
  };
}
