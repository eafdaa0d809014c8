/**
 * Pagination three ways, for every list in grantkit: one `Page` with an opaque cursor, `for await`
 * over items across pages, and `toArray({ limit })` with a hard cap.
 */
import { ValidationError } from '../errors.js';

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; null on the last page. */
  nextCursor: string | null;
}

export type PageFetcher<T> = (cursor: string | null) => Promise<Page<T>>;

/** The largest `toArray` limit: beyond this, iterate with `for await` instead of buffering. */
export const MAX_TO_ARRAY_LIMIT = 100_000;

export class Paginator<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly startCursor: string | null = null,
  ) {}

  /** The first page (or the page at the cursor this paginator was created with). */
  firstPage(): Promise<Page<T>> {
    return this.fetchPage(this.startCursor);
  }

  /** The page at `cursor`, as returned in a previous page's `nextCursor`. */
  page(cursor: string | null): Promise<Page<T>> {
    return this.fetchPage(cursor);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.startCursor;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.fetchPage(cursor);
      yield page;
      if (page.nextCursor === null) return;
      // A provider that hands back the same cursor twice would loop forever.
      if (seen.has(page.nextCursor)) return;
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects at most `limit` items (1..100000), stopping the fetch as soon as it has them. */
  async toArray({ limit }: { limit: number }): Promise<T[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TO_ARRAY_LIMIT) {
      throw new ValidationError(`toArray limit must be an integer from 1 to ${MAX_TO_ARRAY_LIMIT}; got ${String(limit)}.`, [
        { path: 'limit', message: `must be an integer from 1 to ${MAX_TO_ARRAY_LIMIT}` },
      ]);
    }
    const out: T[] = [];
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** Encodes provider paging state (a page number, an offset, a provider cursor) as an opaque string. */
export function encodeCursor(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; anything else is a ValidationError naming `cursor`. */
export function decodeCursor<T extends Record<string, unknown>>(cursor: string): T {
  try {
    if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw new Error('shape');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('shape');
    return value as T;
  } catch {
    throw new ValidationError('cursor is not a cursor this API returned; pass back nextCursor unchanged.', [
      { path: 'cursor', message: 'invalid cursor' },
    ]);
  }
}
