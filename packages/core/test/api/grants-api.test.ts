import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createGrantkit,
  createGrantsApi,
  GRANTS_ROUTES,
  readJsonBody,
  RateLimitedError,
  type ApiResult,
  type AuthorizeContext,
  type GrantsRoute,
} from '../../src/index.js';
import { stubAdapter } from './stub-adapter.js';

const zitadelRequest = { provider: 'zitadel', subject: { userId: 'u1' }, target: { projectId: 'p1', roleKeys: ['admin'] } };
const route = (id: string): GrantsRoute => GRANTS_ROUTES.find((r) => r.id === id)!;
const input = (over: Partial<{ params: Record<string, string>; query: Record<string, unknown>; headers: Record<string, string>; body: unknown }> = {}) => ({
  params: {},
  query: {},
  headers: {},
  ...over,
});

function setup(authorize: (req: unknown, action: string, ctx: AuthorizeContext) => boolean = () => true) {
  const adapter = stubAdapter();
  const grantkit = createGrantkit({ providers: { zitadel: adapter } });
  const seen: Array<{ action: string; ctx: AuthorizeContext }> = [];
  const api = createGrantsApi(grantkit, {
    authorize: (req, action, ctx) => {
      seen.push({ action, ctx });
      return authorize(req, action, ctx);
    },
  });
  return { adapter, grantkit, api, seen };
}

describe('createGrantsApi', () => {
  it('refuses to exist without authorize, and says how to pass one', () => {
    const grantkit = createGrantkit({ providers: { zitadel: stubAdapter() } });
    expect(() => createGrantsApi(grantkit, {} as never, { usage: 'grantsRouter(grantkit, { authorize })' })).toThrow(/authorize is required.*grantsRouter\(grantkit, \{ authorize \}\)/);
  });

  it('creates (201), replays (200) and refuses a reused key with another body (409)', async () => {
    const { api, adapter } = setup();
    const headers = { 'idempotency-key': 'k-1' };
    const first = await api.run(route('createGrant'), input({ headers, body: zitadelRequest }), {});
    expect(first.status).toBe(201);
    const again = await api.run(route('createGrant'), input({ headers, body: zitadelRequest }), {});
    expect(again.status).toBe(200);
    expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    expect(adapter.calls).toBe(1);
    const other = await api.run(route('createGrant'), input({ headers, body: { ...zitadelRequest, subject: { userId: 'u2' } } }), {});
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toBe('application/problem+json');
  });

  it('names the header when the Idempotency-Key is invalid', async () => {
    const { api } = setup();
    const res = await api.run(route('createGrant'), input({ headers: { 'idempotency-key': 'has space' }, body: zitadelRequest }), {});
    expect(res.status).toBe(400);
    expect((res.body as { errors: Array<{ path: string }> }).errors[0]!.path).toBe('idempotency-key');
  });

  it('passes the provider from the body and the loaded grant for :id routes', async () => {
    const { api, seen } = setup();
    const created = await api.run(route('createGrant'), input({ body: zitadelRequest }), {});
    expect(seen[0]).toMatchObject({ action: 'grant', ctx: { route: 'createGrant', provider: 'zitadel' } });
    const id = (created.body as { id: string }).id;
    await api.run(route('revokeGrant'), input({ params: { id } }), {});
    expect(seen[1]).toMatchObject({ action: 'revoke', ctx: { provider: 'zitadel', grantId: id, grant: { id, status: 'active' } } });
  });

  it('decides before revealing that a grant does not exist (403 first, 404 only when allowed)', async () => {
    const denied = setup(() => false);
    const d = await denied.api.run(route('getGrant'), input({ params: { id: 'gr_nope' } }), {});
    expect(d.status).toBe(403);
    expect(denied.seen[0]!.ctx.grantId).toBe('gr_nope');
    expect(denied.seen[0]!.ctx.grant).toBeUndefined();
    const allowed = setup();
    expect((await allowed.api.run(route('getGrant'), input({ params: { id: 'gr_nope' } }), {})).status).toBe(404);
  });

  it('denies anything but a literal true', async () => {
    const { api } = setup(() => 'yes' as unknown as boolean);
    expect((await api.run(route('listProviders'), input(), {})).status).toBe(403);
  });

  it('answers 401 when authenticate finds nobody, before reading the body', async () => {
    const grantkit = createGrantkit({ providers: { zitadel: stubAdapter() } });
    let read = false;
    const api = createGrantsApi(grantkit, { authenticate: () => null, authorize: () => true });
    const res = await api.run(route('createGrant'), { ...input(), readBody: async () => ((read = true), {}) }, {});
    expect(res.status).toBe(401);
    expect(read).toBe(false);
  });

  it('coerces the list query and rejects unknown keys', async () => {
    const { api } = setup();
    for (let i = 0; i < 3; i++) await api.run(route('createGrant'), input({ body: { ...zitadelRequest, subject: { userId: `u${i}` } } }), {});
    const page = (await api.run(route('listGrants'), input({ query: { limit: '2', status: ['active', 'pending'] } }), {})) as ApiResult & { body: { items: unknown[]; nextCursor: string } };
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    const next = (await api.run(route('listGrants'), input({ query: { limit: '2', cursor: page.body.nextCursor } }), {})) as typeof page;
    expect(next.body.items).toHaveLength(1);
    const bad = await api.run(route('listGrants'), input({ query: { limt: '2' } }), {});
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_error', errors: [{ path: '' }] });
    expect((await api.run(route('listProviders'), input({ query: { x: '1' } }), {})).status).toBe(400);
  });

  it('passes Retry-After through and hides unexpected errors', async () => {
    const { api, adapter } = setup();
    adapter.fail = new RateLimitedError('Slow down.', { provider: 'zitadel', retryAfterMs: 2500 });
    const limited = await api.run(route('createGrant'), input({ body: zitadelRequest }), {});
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    const secret = new Error('password=hunter2');
    adapter.fail = secret;
    const boom = await api.run(route('createGrant'), input({ body: zitadelRequest }), {});
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom)).not.toContain('hunter2');
  });
});

describe('readJsonBody', () => {
  const source = (body: string | Buffer[], headers: Record<string, string>) => Object.assign(Readable.from(typeof body === 'string' ? [Buffer.from(body)] : body), { headers });

  it('parses JSON and keeps int64 ids exact', async () => {
    const text = '{"id": 9007199254740993}';
    expect(await readJsonBody(source(text, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(text.length) }))).toEqual({ id: '9007199254740993' });
  });

  it('is undefined without a body, 415 for another type, 400 for bad JSON', async () => {
    expect(await readJsonBody(source('', { 'content-length': '0' }))).toBeUndefined();
    await expect(readJsonBody(source('a=1', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' }))).rejects.toMatchObject({ problem: { status: 415 } });
    await expect(readJsonBody(source('{"a":', { 'content-type': 'application/json', 'content-length': '5' }))).rejects.toMatchObject({ status: 400 });
  });

  it('stops at the limit while streaming a chunked body', async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(1024, 32));
    await expect(readJsonBody(source(chunks, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), { limit: 4096 })).rejects.toMatchObject({
      problem: { status: 413, code: 'payload_too_large' },
    });
  });
});
