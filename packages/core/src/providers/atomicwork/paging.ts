/**
 * Atomicwork pagination (providers.md 1.4): 1-based `page` + `per_page` everywhere, plus a
 * `next_page_token` on `/iga/grants/list` that wins over page numbers. The reply envelope is an
 * ASSUMPTION (wire.ts), so the next page is found the most robust way available: a token if one
 * came back, else `total`, else "the page was full".
 */
import type { z } from 'zod';
import { ProviderError, ValidationError } from '../../errors.js';
import { decodeCursor, encodeCursor, Paginator } from '../../pagination/paginator.js';
import { envelopeSchema } from './wire.js';

/** Where a page starts: its 1-based number and, when the server gave one, its token. */
export interface PagePosition {
  page: number;
  token?: string | undefined;
}

/** Parses a provider body or throws a ProviderError naming where it did not fit. */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  throw new ProviderError(`atomicwork ${what} returned a body the client cannot read${where}: ${first?.message ?? 'invalid'}.`, {
    provider: 'atomicwork',
  });
}

function positionFrom(cursor: string | null): PagePosition {
  if (cursor === null) return { page: 1 };
  const state = decodeCursor<{ p?: unknown; t?: unknown }>(cursor);
  if (!Number.isInteger(state.p) || (state.p as number) < 1 || (state.t !== undefined && typeof state.t !== 'string')) {
    throw new ValidationError('cursor is not a cursor this API returned; pass back nextCursor unchanged.', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return { page: state.p as number, token: state.t as string | undefined };
}

export function pagedList<S extends z.ZodType>(
  perPage: number,
  item: S,
  what: string,
  fetchPage: (position: PagePosition) => Promise<unknown>,
): Paginator<z.output<S>> {
  return new Paginator(async (cursor) => {
    const position = positionFrom(cursor);
    const envelope = parseWire(envelopeSchema, await fetchPage(position), what);
    const items = envelope.data.map((raw) => parseWire(item, raw, what));
    let next: PagePosition | null = null;
    if (items.length > 0) {
      if (envelope.next_page_token) next = { page: position.page + 1, token: envelope.next_page_token };
      else if (typeof envelope.total === 'number') next = position.page * perPage < envelope.total ? { page: position.page + 1 } : null;
      else if (items.length >= perPage) next = { page: position.page + 1 };
    }
    return { items, nextCursor: next ? encodeCursor(next.token ? { p: next.page, t: next.token } : { p: next.page }) : null };
  });
}
