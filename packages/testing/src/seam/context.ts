/** What every Seam fake route handler gets, and the pagination every list route shares. */
import { invalidField } from './errors.js';
import type { GrantLifecycle } from './lifecycle.js';
import type { Params } from './params.js';
import type { SeamFakeState } from './state.js';

export interface RouteContext {
  state: SeamFakeState;
  /** The workspace the credentials act in. */
  workspaceId: string;
  params: Params;
  now: () => Date;
  lifecycle: GrantLifecycle;
  /** `http://127.0.0.1:<port>` as the client addressed us, for `next_page_url`. */
  baseUrl: string;
  path: string;
}

/** Returns the reply body without `ok` (the server adds `ok: true`). */
export type RouteHandler = (ctx: RouteContext) => Record<string, unknown>;

export interface Route {
  /** Methods besides POST (which every Seam route accepts). */
  methods: Array<'GET' | 'DELETE' | 'PATCH' | 'PUT'>;
  handler: RouteHandler;
}

/**
 * Seam's `limit` (default 500) + opaque `page_cursor` -> `pagination {has_next_page,
 * next_page_cursor, next_page_url}` (providers.md §3.5). The cursor encodes an offset into the
 * filtered, ordered list; a cursor we did not issue is invalid_input on `page_cursor`.
 */
export function paginate<T>(ctx: RouteContext, items: T[]): { page: T[]; pagination: Record<string, unknown> } {
  const limit = ctx.params.number('limit', { min: 1 }) ?? 500;
  const cursor = ctx.params.string('page_cursor', { nullable: true });
  ctx.params.check();
  let offset = 0;
  if (cursor) {
    try {
      const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
      if (typeof decoded.offset !== 'number' || decoded.offset < 0) throw new Error('bad cursor');
      offset = decoded.offset;
    } catch {
      throw invalidField('page_cursor', 'Invalid page cursor');
    }
  }
  const size = Math.max(1, Math.floor(limit));
  const page = items.slice(offset, offset + size);
  const hasNext = offset + size < items.length;
  const next = hasNext ? Buffer.from(JSON.stringify({ offset: offset + size }), 'utf8').toString('base64url') : null;
  const nextUrl = next ? `${ctx.baseUrl}${ctx.path}?limit=${size}&page_cursor=${next}` : null;
  return { page, pagination: { has_next_page: hasNext, next_page_cursor: next, next_page_url: nextUrl } };
}
