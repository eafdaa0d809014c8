import request from 'supertest';
import type { Express, Request } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadExpress, type ExpressUnderTest } from './helpers/express.js';
import type { TestGrantkit } from './helpers/grantkit.js';

type Authorize = (req: Request, action: string, context: Record<string, unknown>) => boolean | Promise<boolean>;
interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe.each([4, 5] as const)('grantsRouter on Express %i', (major) => {
  let x: ExpressUnderTest;
  let t: TestGrantkit;

  beforeAll(async () => {
    x = await loadExpress(major);
    t = await x.helper.startTestGrantkit();
  });
  afterEach(() => t.clearFaults());
  afterAll(async () => {
    await t?.close();
  });

  /** The caller of a request: the `x-caller` header, `tester` without one. */
  const callerOf = (req: Request) => ({ id: req.headers['x-caller'] ?? 'tester' });

  /** An app with the router at /api; `authorize` allows everything unless given, `authenticate` names the caller unless given. */
  function app(options: { authorize?: Authorize; authenticate?: ((req: Request) => unknown) | null; json?: boolean; bodyLimit?: number } = {}): Express {
    const a = x.express();
    if (options.json) a.use(x.express.json());
    a.use(
      '/api',
      x.pkg.grantsRouter(t.grantkit, {
        authorize: (options.authorize ?? (() => true)) as never,
        authenticate: options.authenticate === null ? undefined : (options.authenticate ?? callerOf),
        bodyLimit: options.bodyLimit,
      }),
    );
    return a;
  }

  /** A URL of the route table's `path` under /api, with `id` for `:id`. */
  const urlOf = (path: string, id: string) => `/api${path.replace(':id', id)}`;

  /** POST /api/grants; a supertest request, so `.set()` can add headers before it is awaited. */
  function createGrant(a: Express, body: unknown = t.requests.zitadel, key?: string) {
    const req = request(a).post('/api/grants').send(body as object);
    return key ? req.set('Idempotency-Key', key) : req;
  }

  function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code?: string) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/^urn:grantkit:problem:/), title: expect.any(String), status, detail: expect.any(String), code: expect.any(String) });
    if (code) expect(res.body.code).toBe(code);
  }

  it('builds its Router from the Express it runs on', () => {
    const router = x.pkg.grantsRouter(t.grantkit, { authorize: () => true });
    // Express 4 and 5 Routers share no code; `handle` comes from the Router prototype of one of them.
    const handleOf = (r: unknown) => (r as { handle: unknown }).handle;
    expect(handleOf(router)).toBe(handleOf(x.express.Router()));
  });

  it('refuses to be created without authorize, showing how to pass one', () => {
    expect(() => x.pkg.grantsRouter(t.grantkit, {} as never)).toThrow(x.pkg.ConfigError);
    expect(() => x.pkg.grantsRouter(t.grantkit, {} as never)).toThrow(/grantsRouter\(grantkit, \{ authorize: \(req, action, context\) =>/);
  });

  describe('routes', () => {
    it('POST /grants creates a grant of each provider (201)', async () => {
      const a = app();
      for (const provider of ['atomicwork', 'zitadel', 'seam'] as const) {
        const res = await createGrant(a, t.requests[provider]);
        expect(res.status, res.text).toBe(201);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toMatchObject({ id: expect.stringMatching(/^gr_/), provider, externalId: expect.any(String) });
        expect(['active', 'pending']).toContain(res.body.status);
      }
    });

    it('POST /grants replays the same Idempotency-Key (200) and refuses it with another body (409)', async () => {
      const a = app();
      const first = await createGrant(a, t.requests.zitadel, 'onboard-ada-1');
      expect(first.status).toBe(201);
      const again = await createGrant(a, t.requests.zitadel, 'onboard-ada-1');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await createGrant(a, { ...t.requests.zitadel, reason: 'something else' }, 'onboard-ada-1');
      expectProblem(other, 409, 'conflict');
    });

    it("POST /grants keeps each caller's Idempotency-Key apart, and its 409 names no other grant", async () => {
      const a = app();
      const alice = await createGrant(a, t.requests.zitadel, 'shared-key').set('x-caller', 'alice');
      expect(alice.status).toBe(201);
      const mallory = await createGrant(a, t.requests.atomicwork, 'shared-key').set('x-caller', 'mallory');
      expect(mallory.status, mallory.text).toBe(201);
      expect(mallory.body.id).not.toBe(alice.body.id);
      const conflict = await createGrant(a, t.requests.atomicwork, 'shared-key').set('x-caller', 'alice');
      expectProblem(conflict, 409, 'conflict');
      expect(conflict.text).not.toMatch(/gr_/);
      expect(conflict.body.detail).toContain('Idempotency-Key "shared-key"');
    });

    it('POST /grants refuses Idempotency-Key (400, naming it) when the server identifies no caller', async () => {
      const a = app({ authenticate: null });
      const res = await createGrant(a, t.requests.zitadel, 'anonymous-key');
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
      expect((await createGrant(a, t.requests.zitadel)).status).toBe(201);
    });

    it('GET /grants filters, pages with a cursor, and coerces the query', async () => {
      const a = app();
      const { userId, requests } = t.sameSubject;
      for (const body of requests) expect((await createGrant(a, body)).status).toBe(201);
      const first = await request(a).get('/api/grants').query({ userId, provider: 'atomicwork', limit: '2' });
      expect(first.status, first.text).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await request(a).get('/api/grants').query({ userId, limit: 2, cursor: first.body.nextCursor });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const statuses = [...new Set([...first.body.items, ...second.body.items].map((g: { status: string }) => g.status))];
      const several = await request(a).get(`/api/grants?userId=${userId}&${[...statuses, 'revoked'].map((s) => `status=${s}`).join('&')}`);
      expect(several.status, several.text).toBe(200);
      expect(several.body.items).toHaveLength(3);
      const none = await request(a).get(`/api/grants?userId=${userId}&status=expired`);
      expect(none.body.items).toEqual([]);
    });

    it('GET /grants/:id and /history', async () => {
      const a = app();
      const { body: grant } = await createGrant(a);
      const got = await request(a).get(`/api/grants/${grant.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(grant);
      const history = await request(a).get(`/api/grants/${grant.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['requested', 'created']);
    });

    it('PATCH /grants/:id moves the window and replaces role keys', async () => {
      const a = app();
      const { body: grant } = await createGrant(a);
      const endsAt = new Date(Date.now() + 8 * 3600_000).toISOString();
      const res = await request(a).patch(`/api/grants/${grant.id}`).send({ endsAt, roleKeys: ['viewer', 'oncall'] });
      expect(res.status, res.text).toBe(200);
      expect(res.body.window.endsAt).toBe(endsAt);
      expect(res.body.target.roleKeys).toEqual(['viewer', 'oncall']);
    });

    it('POST /grants/:id/revoke takes access away, with or without a body', async () => {
      const a = app();
      const { body: one } = await createGrant(a, t.requests.atomicwork);
      const res = await request(a).post(`/api/grants/${one.id}/revoke`).send({ reason: 'left the company', deprovision: true });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: one.id, reason: 'left the company' });
      // Atomicwork's full deprovisioning finishes later: revoking until then.
      expect(['revoked', 'revoking']).toContain(res.body.status);
      const { body: two } = await createGrant(a, t.requests.seam);
      const empty = await request(a).post(`/api/grants/${two.id}/revoke`);
      expect(empty.status, empty.text).toBe(200);
      expect(empty.body.status).toBe('revoked');
    });

    it('POST /people/:personId/revoke revokes every grant of the person, reported grant by grant, authorized as a revoke', async () => {
      const seen: Array<{ action: string; personId?: string }> = [];
      const a = app({ authorize: (_req, action, context) => (seen.push({ action, personId: context.personId as string | undefined }), true) });
      const person = `person-${major}`;
      const { body: door } = await createGrant(a, { ...t.requests.seam, personId: person });
      const { body: roles } = await createGrant(a, { ...t.requests.zitadel, personId: person });
      const { body: other } = await createGrant(a, { ...t.requests.seam, personId: 'someone-else' });
      const res = await request(a).post(`/api/people/${person}/revoke`).send({ reason: 'last day' });
      expect(res.status, res.text).toBe(200);
      expect(res.body.personId).toBe(person);
      const ids = res.body.grants.map((e: { grantId: string }) => e.grantId).sort();
      expect(ids).toEqual([door.id, roles.id].sort());
      expect(res.body.grants.every((e: { status: string; outcome: string }) => e.status === 'revoked' && ['revoked', 'kept'].includes(e.outcome))).toBe(true);
      expect(seen.at(-1)).toEqual({ action: 'revoke', personId: person });
      expect((await request(a).get(`/api/grants/${other.id}`)).body.status).not.toBe('revoked');
      const again = await request(a).post(`/api/people/${person}/revoke`);
      expect(again.body.grants.every((e: { outcome: string }) => e.outcome === 'ended')).toBe(true);
      expectProblem(await request(a).post('/api/people/has%20space/revoke').send({}), 400, 'validation_error');
      expectProblem(await request(app({ authorize: (_r, action) => action !== 'revoke' })).post(`/api/people/${person}/revoke`).send({}), 403);
    });

    it('GET /providers lists the configured providers and their capabilities', async () => {
      const res = await request(app()).get('/api/providers');
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { provider: string }) => c.provider)).toEqual(['atomicwork', 'seam', 'zitadel']);
      expect(res.body.items[0]).toMatchObject({ nativeWindows: expect.any(Boolean), update: { window: expect.any(Boolean), roleKeys: expect.any(Boolean) }, deprovision: expect.any(Boolean) });
    });

    it('GET /openapi.json is OpenAPI 3.1 with every route of the router', async () => {
      const res = await request(app()).get('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = JSON.parse(res.text) as { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, { operationId: string }>> };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.servers).toEqual([{ url: '/api' }]);
      const routes = routesOf(x.pkg.grantsRouter(t.grantkit, { authorize: () => true }));
      expect(routes.length).toBe(x.pkg.GRANTS_ROUTES.length);
      for (const { method, path } of routes) {
        expect(doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method], `${method} ${path}`).toBeDefined();
      }
    });
  });

  describe('authorization', () => {
    it('asks authorize once on every route of the table, and a false answer is 403', async () => {
      const { body: grant } = await createGrant(app());
      const calls: Array<{ action: string; context: Record<string, unknown> }> = [];
      const denied = app({
        authorize: (_req, action, context) => {
          calls.push({ action, context });
          return false;
        },
      });
      expect(x.pkg.GRANTS_ROUTES.length).toBeGreaterThanOrEqual(8);
      for (const route of x.pkg.GRANTS_ROUTES) {
        calls.length = 0;
        const method = route.method.toLowerCase() as 'get';
        const res = await send(request(denied), method, urlOf(route.path, grant.id), method === 'get' ? undefined : {});
        expectProblem(res, 403, 'forbidden');
        expect(calls, `${route.method} ${route.path}`).toEqual([{ action: route.action, context: expect.objectContaining({ route: route.id }) }]);
        if (route.path.includes(':id')) expect(calls[0]!.context).toMatchObject({ grantId: grant.id, provider: 'zitadel', grant: { id: grant.id } });
      }
      expect((await t.grantkit.get(grant.id)).status).toBe('active');
    });

    it('passes the body provider to authorize on POST /grants, and the principal from authenticate', async () => {
      const seen: Array<Record<string, unknown>> = [];
      const a = app({ authenticate: () => ({ sub: 'hr-bot' }), authorize: (_r, _a, context) => (seen.push(context), context.provider !== 'seam') });
      expect((await createGrant(a, t.requests.seam)).status).toBe(403);
      expect((await createGrant(a, t.requests.zitadel)).status).toBe(201);
      expect(seen[0]).toMatchObject({ route: 'createGrant', provider: 'seam', principal: { sub: 'hr-bot' } });
    });

    it('answers 401 on every route of the table when authenticate fails', async () => {
      let authorized = 0;
      const a = app({ authenticate: (req) => req.headers.authorization === 'Bearer ok', authorize: () => (authorized++, true) });
      for (const route of x.pkg.GRANTS_ROUTES) {
        expectProblem(await send(request(a), route.method.toLowerCase() as 'get', urlOf(route.path, 'gr_x')), 401, 'auth_error');
      }
      expect(authorized).toBe(0);
      expect((await request(a).get('/api/providers').set('authorization', 'Bearer ok')).status).toBe(200);
    });

    it('answers 403 for an unknown id when denied, 404 only when allowed', async () => {
      expectProblem(await request(app({ authorize: () => false })).get('/api/grants/gr_missing'), 403);
      for (const [method, path] of [['get', '/grants/gr_missing'], ['get', '/grants/gr_missing/history'], ['patch', '/grants/gr_missing'], ['post', '/grants/gr_missing/revoke']] as const) {
        expectProblem(await send(request(app()), method, `/api${path}`, method === 'get' ? undefined : { reason: 'x', endsAt: null }), 404, 'not_found');
      }
    });
  });

  describe('a wrong method on a known path', () => {
    const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

    it('is a 405 problem with Allow derived from the route table, on every path', async () => {
      const a = app();
      const paths = x.pkg.routePaths(x.pkg.GRANTS_ROUTES);
      expect(paths.length).toBe(new Set(x.pkg.GRANTS_ROUTES.map((r) => r.path)).size);
      let refused = 0;
      for (const { path } of paths) {
        const allow: string[] = x.pkg.GRANTS_ROUTES.filter((r) => r.path === path).map((r) => r.method);
        const expected = [...new Set([...allow, ...(allow.includes('GET') ? ['HEAD'] : [])])].sort().join(', ');
        for (const method of METHODS.filter((m) => !allow.includes(m))) {
          const res = await request(a)[method.toLowerCase() as 'put'](urlOf(path, 'gr_any'));
          expectProblem(res, 405, 'method_not_allowed');
          expect(res.headers.allow, `${method} ${path}`).toBe(expected);
          refused++;
        }
        const options = await request(a).options(urlOf(path, 'gr_any'));
        expect([options.status, options.headers.allow]).toEqual([204, expected]);
      }
      expect(refused).toBeGreaterThanOrEqual(20);
    });

    it('leaves HEAD of a GET route and unknown paths alone', async () => {
      const a = app();
      expect((await request(a).head('/api/providers')).status).toBe(200);
      expect((await request(a).head('/api/grants/gr_nope/revoke')).status).toBe(405);
      expect((await request(a).delete('/api/nowhere')).status).toBe(404);
    });
  });

  describe('bad input is 4xx, never 500', () => {
    it('400 for malformed JSON, unknown fields, validation errors and a bad query', async () => {
      const a = app();
      const malformed = await request(a).post('/api/grants').set('content-type', 'application/json').send('{"provider": "zitadel",');
      expectProblem(malformed, 400, 'validation_error');
      const unknown = await request(a).post('/api/grants').send({ ...t.requests.zitadel, extra: 1 });
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '', message: expect.stringMatching(/extra/) })]);
      const invalid = await request(a).post('/api/grants').send({ provider: 'zitadel', subject: { userId: '' }, target: { projectId: '300000000000000101', roleKeys: [] } });
      expectProblem(invalid, 400);
      expect([...new Set(invalid.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(['subject.userId', 'target.roleKeys']);
      const patch = await request(a).patch(`/api/grants/${(await createGrant(a)).body.id}`).send({ endsAt: 'tomorrow' });
      expectProblem(patch, 400);
      expect(patch.body.errors[0].path).toBe('endsAt');
      for (const query of ['limit=0', 'limit=many', 'status=gone', 'provider=okta', 'colour=blue']) {
        expectProblem(await request(a).get(`/api/grants?${query}`), 400, 'validation_error');
      }
      expectProblem(await createGrant(a, t.requests.zitadel, 'has spaces in it'), 400);
    });

    it('413 for a body over the limit (default 100 kB, and a custom one)', async () => {
      const big = { ...t.requests.zitadel, reason: 'x'.repeat(110 * 1024) };
      expectProblem(await request(app()).post('/api/grants').send(big), 413, 'payload_too_large');
      const small = app({ bodyLimit: 64 });
      expectProblem(await request(small).post('/api/grants').send(t.requests.zitadel), 413);
    });

    it('415 for a body that is not JSON', async () => {
      const a = app();
      expectProblem(await request(a).post('/api/grants').set('content-type', 'text/plain').send(JSON.stringify(t.requests.zitadel)), 415, 'unsupported_media_type');
      expectProblem(await request(a).post('/api/grants').type('form').send({ provider: 'zitadel' }), 415);
    });
  });

  describe('provider failures keep their status', () => {
    // Seam requests: every Seam grant is its own access, so each one needs a provider call (a grant
    // on an access another grant already holds would not reach the provider at all).
    it('429 with Retry-After passed through', async () => {
      t.inject('seam', 'rate_limited');
      const res = await createGrant(app(), t.requests.seam);
      expectProblem(res, 429, 'rate_limited');
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body.retryAfter).toBe(2);
    });

    it('502 for a provider failure and 504 for a provider timeout', async () => {
      const a = app();
      // Seam: every Seam grant is its own access, so each call reaches the provider.
      const { body: grant } = await createGrant(a, t.requests.seam);
      t.inject('seam', 'provider_error');
      expectProblem(await createGrant(a, t.requests.seam), 502, 'provider_error');
      expectProblem(await request(a).post(`/api/grants/${grant.id}/revoke`).send({}), 502);
      t.clearFaults();
      t.inject('seam', 'timeout');
      expectProblem(await createGrant(a, t.requests.seam), 504, 'timeout');
    });
  });

  describe('with express.json() mounted before the router', () => {
    it('uses the parsed body and still checks the content type', async () => {
      const a = app({ json: true });
      const body = t.requests.seam;
      const created = await createGrant(a, body, `json-${major}`);
      expect(created.status, created.text).toBe(201);
      const patched = await request(a).patch(`/api/grants/${created.body.id}`).send({ endsAt: new Date(Date.now() + 3600_000).toISOString() });
      expect(patched.status, patched.text).toBe(200);
      expect((await createGrant(a, body, `json-${major}`)).status).toBe(200);
      expectProblem(await request(a).post('/api/grants').send({ ...t.requests.seam, nope: true }), 400);
      expectProblem(await request(a).post('/api/grants').set('content-type', 'text/plain').send('{}'), 415);
      expect((await request(a).get('/api/providers')).status).toBe(200);
    });
  });

  it('never reveals a stack or a secret in any response', async () => {
    // Its own requests, so it proves something when run alone: every route, allowed and denied,
    // and every error status the router answers.
    const responses: Array<{ status: number; text: string }> = [];
    const record = async (req: PromiseLike<{ status: number; text: string }>) => responses.push(await req);
    const a = app();
    const { body: grant } = await createGrant(a, t.requests.zitadel);
    for (const route of x.pkg.GRANTS_ROUTES) {
      const method = route.method.toLowerCase() as 'get';
      const body = route.id === 'createGrant' ? t.requests.atomicwork : route.id === 'updateGrant' ? { endsAt: new Date(Date.now() + 3600_000).toISOString() } : undefined;
      await record(send(request(a), method, urlOf(route.path, grant.id), body));
      await record(send(request(app({ authorize: () => false })), method, urlOf(route.path, grant.id)));
      await record(send(request(app({ authenticate: () => null })), method, urlOf(route.path, grant.id)));
    }
    await record(request(a).post('/api/grants').set('content-type', 'application/json').send('{"provider":'));
    await record(request(a).get('/api/grants/gr_missing'));
    await record(request(a).delete(`/api/grants/${grant.id}`));
    await record(createGrant(a, t.requests.zitadel, 'secrets-key'));
    await record(createGrant(a, t.requests.atomicwork, 'secrets-key'));
    await record(request(app({ bodyLimit: 16 })).post('/api/grants').send(t.requests.zitadel));
    await record(request(a).post('/api/grants').set('content-type', 'text/plain').send('{}'));
    // Seam: each Seam grant is a new access, so each of these reaches the (failing) provider.
    for (const kind of ['rate_limited', 'provider_error', 'timeout'] as const) {
      t.inject('seam', kind);
      await record(createGrant(a, t.requests.seam));
      t.clearFaults();
    }
    // An unexpected error that carries a credential in its message: a bare 500.
    const leaky = app({ authorize: () => { throw new Error(`upstream said: token ${t.secrets[0]}`); } });
    await record(request(leaky).get('/api/providers'));

    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200, 201, 400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 502, 504]));
    expect(t.secrets.length).toBeGreaterThan(0);
    for (const { text } of responses) {
      expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      for (const secret of t.secrets) expect(text).not.toContain(secret);
    }
  });
});

/** The routes as Express sees them, read from the router's own stack. */
function routesOf(router: unknown): Array<{ method: 'get' | 'post' | 'patch'; path: string }> {
  const out: Array<{ method: 'get' | 'post' | 'patch'; path: string }> = [];
  for (const layer of (router as { stack: RouteLayer[] }).stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push({ method: method as 'get', path: layer.route.path });
  }
  return out;
}

function send(agent: ReturnType<typeof request>, method: 'get' | 'post' | 'patch', url: string, body?: object) {
  const req = agent[method](url);
  return body === undefined ? req : req.send(body);
}
