/**
 * The thin layer between the Seam namespaces and the core HttpClient: sends a call, checks the
 * reply against its wire schema, and turns Seam's `limit` + `page_cursor` into a Paginator.
 */
import type { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { HttpClient, HttpMethod, HttpResponse, QueryValue } from '../../http/client.js';
import { decodeCursor, encodeCursor, Paginator } from '../../pagination/paginator.js';
import { seamPaginationSchema } from './wire.js';

/** Options every SeamClient method takes as its last argument. */
export interface SeamCallOptions {
  /** Aborts the call (and any retry wait) with an AbortError. Default: none. */
  signal?: AbortSignal;
}

export interface SeamRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  acceptStatuses?: readonly number[];
}

export class SeamTransport {
  // #private: the HttpClient holds the credentials; the namespaces that hold this transport are public.
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async send(req: SeamRequest): Promise<HttpResponse<unknown>> {
    return this.#http.request({
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.body,
      signal: req.signal,
      acceptStatuses: req.acceptStatuses,
    });
  }

  /** Sends and returns `body[key]` parsed by `schema`. */
  async item<S extends z.ZodType>(req: SeamRequest, key: string, schema: S): Promise<z.output<S>> {
    const res = await this.send(req);
    return parseField(res, req, key, schema);
  }

  /** A paginator over a Seam list route (`limit`, `page_cursor`, `pagination`). */
  paginate<S extends z.ZodType>(
    req: Omit<SeamRequest, 'query'> & { query: Record<string, QueryValue> },
    key: string,
    schema: S,
  ): Paginator<z.output<S>> {
    return new Paginator(async (cursor) => {
      // Our cursor wraps Seam's so callers get one opaque cursor type across providers.
      const pageCursor = cursor === null ? undefined : decodeCursor<{ c?: unknown }>(cursor).c;
      const query = { ...req.query, page_cursor: typeof pageCursor === 'string' ? pageCursor : undefined };
      const res = await this.send({ ...req, query });
      const items = parseField(res, req, key, schema.array());
      const pagination = parseField(res, req, 'pagination', seamPaginationSchema);
      const next = pagination.has_next_page ? pagination.next_page_cursor : null;
      return { items, nextCursor: next ? encodeCursor({ c: next }) : null };
    });
  }

  /** A list route without pagination (e.g. access_methods/list) as a one-page Paginator. */
  single<S extends z.ZodType>(req: SeamRequest, key: string, schema: S): Paginator<z.output<S>> {
    return new Paginator(async () => ({ items: await this.item(req, key, schema.array()), nextCursor: null }));
  }
}

function parseField<S extends z.ZodType>(res: HttpResponse<unknown>, req: SeamRequest, key: string, schema: S): z.output<S> {
  const body = res.body as Record<string, unknown> | undefined;
  const result = schema.safeParse(body && typeof body === 'object' ? body[key] : undefined);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((i) => [key, ...i.path.map(String)].join('.')))].slice(0, 5).join(', ');
  throw new ProviderError(`seam ${req.method} ${req.path} returned a reply we cannot read (unexpected ${fields}).`, {
    provider: 'seam',
    requestId: res.requestId,
    upstreamStatus: res.status,
  });
}
