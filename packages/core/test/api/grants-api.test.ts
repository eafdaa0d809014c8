import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createGrantkit,
  createGrantsApi,
  defaultPrincipalId,
  GRANTS_ROUTES,
  methodNotAllowed,
  routePaths,
  scopedIdempotencyKey,
  readJsonBody,
  RateLimitedError,
  type ApiResult,
  type AuthorizeContext,
  type GrantRequestInput,
  type GrantsRoute,
} from '../../src/index.js';
import { stubAdapter } from './stub-adapter.js';

const zitadelRequest = { provider: 'zitadel', subject: { userId: '101' }, target: { projectId: '9001', roleKeys: ['admin'] } } satisfies GrantRequestInput;
const route = (id: string): GrantsRoute => GRANTS_ROUTES.find((r) => r.id === id)!;
const input = (over: Partial<{ params: Record<string, string>; query: Record<string, unknown>; headers: Record<string, string>; body: unknown }> = {}) => ({
  params: {},
  query: {},
  headers: {},
  ...over,
});

/** `req` is the caller: `{ as: 'alice' }` authenticates as `{ id: 'alice' }`; default `tester`. */
function setup(authorize: (req: unknown, action: string, ctx: AuthorizeContext) => boolean = () => true) {
  const adapter = stubAdapter();
  const grantkit = createGrantkit({ providers: { zitadel: adapter } });
  const seen: Array<{ action: string; ctx: AuthorizeContext }> = [];
  const api = createGrantsApi<{ as?: string }>(grantkit, {
    authenticate: (req) => ({ id: req.as ?? 'tester' }),
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
    const other = await api.run(route('createGrant'), input({ headers, body: { ...zitadelRequest, subject: { userId: '102' } } }), {});
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toBe('application/problem+json');
  });

  it("keeps each caller's Idempotency-Key apart: no replay, no 409 across callers", async () => {
    const { api, adapter } = setup();
    const headers = { 'idempotency-key': 'onboard-1' };
    const alice = await api.run(route('createGrant'), input({ headers, body: zitadelRequest }), { as: 'alice' });
    const mallory = await api.run(route('createGrant'), input({ headers, body: { ...zitadelRequest, subject: { userId: '666' } } }), { as: 'mallory' });
    expect([alice.status, mallory.status]).toEqual([201, 201]);
    expect((mallory.body as { id: string }).id).not.toBe((alice.body as { id: string }).id);
    // The same caller still replays her own.
    expect((await api.run(route('createGrant'), input({ headers, body: zitadelRequest }), { as: 'alice' })).status).toBe(200);
    expect(adapter.calls).toBe(2);
  });

  it('answers a reused key with a 409 that names nothing of the first request', async () => {
    const { api } = setup();
    const headers = { 'idempotency-key': 'k-409' };
    const first = await api.run(route('createGrant'), input({ headers, body: zitadelRequest }), {});
    const other = await api.run(route('createGrant'), input({ headers, body: { ...zitadelRequest, subject: { userId: '109' } } }), {});
    expect(other.status).toBe(409);
    const text = JSON.stringify(other.body);
    expect(text).not.toMatch(/gr_/);
    expect(text).not.toContain((first.body as { id: string }).id);
    expect((other.body as { detail: string }).detail).toContain('Idempotency-Key "k-409"');
  });

  it('never hands the service a key another caller of it could use (the stays namespace stays apart)', async () => {
    const { api, grantkit } = setup();
    const viaApi = await api.run(route('createGrant'), input({ headers: { 'idempotency-key': 'stay:booking-77' }, body: zitadelRequest }), {});
    expect(viaApi.status).toBe(201);
    // The door-access helper's key for booking 77: free, whatever the API was sent.
    const stay = await grantkit.grant({ ...zitadelRequest, subject: { userId: '177' } }, { idempotencyKey: 'stay:booking-77' });
    expect(stay.replayed).toBe(false);
    expect(stay.grant.id).not.toBe((viaApi.body as { id: string }).id);
  });

  it('refuses Idempotency-Key when no principal id is known, naming the header, and works without one', async () => {
    const grantkit = createGrantkit({ providers: { zitadel: stubAdapter() } });
    const anonymous = createGrantsApi(grantkit, { authorize: () => true });
    const refused = await anonymous.run(route('createGrant'), input({ headers: { 'idempotency-key': 'k-1' }, body: zitadelRequest }), {});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_error', errors: [{ path: 'idempotency-key' }] });
    expect((await anonymous.run(route('createGrant'), input({ body: zitadelRequest }), {})).status).toBe(201);
    const noId = createGrantsApi(grantkit, { authenticate: () => ({ roles: ['admin'] }), authorize: () => true });
    expect((await noId.run(route('createGrant'), input({ headers: { 'idempotency-key': 'k-1' }, body: zitadelRequest }), {})).status).toBe(400);
  });

  it('scopes by the principalId option when given, and by sub or a string principal by default', async () => {
    const grantkit = createGrantkit({ providers: { zitadel: stubAdapter() } });
    const byTenant = createGrantsApi<{ tenant: string }>(grantkit, { authenticate: () => ({ roles: [] }), principalId: (_p, req) => req.tenant, authorize: () => true });
    const headers = { 'idempotency-key': 'same' };
    const a = await byTenant.run(route('createGrant'), input({ headers, body: zitadelRequest }), { tenant: 't1' });
    const b = await byTenant.run(route('createGrant'), input({ headers, body: zitadelRequest }), { tenant: 't2' });
    const a2 = await byTenant.run(route('createGrant'), input({ headers, body: zitadelRequest }), { tenant: 't1' });
    expect([a.status, b.status, a2.status]).toEqual([201, 201, 200]);
    expect(defaultPrincipalId({ sub: 'auth0|42' })).toBe('auth0|42');
    expect(defaultPrincipalId({ id: 7, sub: 'x' })).toBe('7');
    expect(defaultPrincipalId('svc-bot')).toBe('svc-bot');
    expect([defaultPrincipalId({ id: '' }), defaultPrincipalId({ kind: 'api-token' }), defaultPrincipalId(true)]).toEqual([undefined, undefined, undefined]);
    // Distinct per principal and per key, and never the stays prefix.
    const keys = [scopedIdempotencyKey('a', 'b:c'), scopedIdempotencyKey('a:b', 'c'), scopedIdempotencyKey('a', 'b')];
    expect(new Set(keys).size).toBe(3);
    for (const k of keys) expect(k).toMatch(/^api:[A-Za-z0-9_-]{43}$/);
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

  it('asks authorize once on every route of the table, and runs no handler it denied', async () => {
    const { api, grantkit, seen } = setup((_req, _action, ctx) => ctx.route === 'createGrant');
    const { id } = (await api.run(route('createGrant'), input({ body: zitadelRequest }), {})).body as { id: string };
    expect(GRANTS_ROUTES.length).toBeGreaterThanOrEqual(8);
    for (const r of GRANTS_ROUTES.filter((x) => x.id !== 'createGrant')) {
      seen.length = 0;
      let handled = false;
      // The same row with a handler that tells on itself: a denied route must never reach it.
      const spy: GrantsRoute = { ...r, handle: async (...args) => ((handled = true), r.handle(...args)) };
      const res = await api.run(spy, input({ params: { id }, body: r.body ? { reason: 'x', endsAt: null } : undefined }), {});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(handled, `${r.method} ${r.path}`).toBe(false);
      expect(seen, `${r.method} ${r.path}`).toEqual([{ action: r.action, ctx: expect.objectContaining({ route: r.id }) }]);
    }
    expect((await grantkit.get(id)).status).toBe('active');
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
    for (let i = 0; i < 3; i++) await api.run(route('createGrant'), input({ body: { ...zitadelRequest, subject: { userId: `20${i}` } } }), {});
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

describe('405 from the route table', () => {
  it('lists every path once with the methods it serves, HEAD beside GET', () => {
    const paths = routePaths(GRANTS_ROUTES);
    expect(paths.map((p) => p.path)).toEqual([...new Set(GRANTS_ROUTES.map((r) => r.path))]);
    for (const r of GRANTS_ROUTES) {
      const allow = paths.find((p) => p.path === r.path)!.allow;
      expect(allow).toContain(r.method);
      if (r.method === 'GET') expect(allow).toContain('HEAD');
    }
    expect(paths.find((p) => p.path === '/grants/:id')!.allow).toEqual(['GET', 'HEAD', 'PATCH']);
  });

  it('answers problem+json with Allow, never echoing an odd method', () => {
    const res = methodNotAllowed('delete', '/grants/:id', ['GET', 'HEAD', 'PATCH']);
    expect(res).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, PATCH', 'content-type': 'application/problem+json' }, body: { status: 405, code: 'method_not_allowed', title: 'Method Not Allowed' } });
    expect((res.body as { detail: string }).detail).toBe('DELETE is not allowed on /grants/:id; use GET, HEAD, PATCH.');
    expect(JSON.stringify(methodNotAllowed('<script>', '/grants', ['GET']))).not.toContain('<script>');
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
