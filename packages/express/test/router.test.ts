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
  /** Every response body of the suite, checked at the end for stacks and secrets. */
  const bodies: string[] = [];

  beforeAll(async () => {
    x = await loadExpress(major);
    t = await x.helper.startTestGrantkit();
  });
  afterEach(() => t.clearFaults());
  afterAll(async () => {
    await t?.close();
  });

  /** An app with the router at /api; `authorize` allows everything unless given. */
  function app(options: { authorize?: Authorize; authenticate?: (req: Request) => unknown; json?: boolean; bodyLimit?: number } = {}): Express {
    const a = x.express();
    if (options.json) a.use(x.express.json());
    a.use(
      '/api',
      x.pkg.grantsRouter(t.grantkit, {
        authorize: (options.authorize ?? (() => true)) as never,
        authenticate: options.authenticate,
        bodyLimit: options.bodyLimit,
      }),
    );
    return a;
  }

  function keep<T extends { text: string }>(res: T): T {
    bodies.push(res.text);
    return res;
  }

  async function createGrant(a: Express, body: unknown = t.requests.zitadel, key?: string) {
    const req = request(a).post('/api/grants').send(body as object);
    return keep(await (key ? req.set('Idempotency-Key', key) : req));
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

    it('GET /grants filters, pages with a cursor, and coerces the query', async () => {
      const a = app();
      const { userId, requests } = t.sameSubject;
      for (const body of requests) expect((await createGrant(a, body)).status).toBe(201);
      const first = keep(await request(a).get('/api/grants').query({ userId, provider: 'atomicwork', limit: '2' }));
      expect(first.status, first.text).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = keep(await request(a).get('/api/grants').query({ userId, limit: 2, cursor: first.body.nextCursor }));
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const statuses = [...new Set([...first.body.items, ...second.body.items].map((g: { status: string }) => g.status))];
      const several = keep(await request(a).get(`/api/grants?userId=${userId}&${[...statuses, 'revoked'].map((s) => `status=${s}`).join('&')}`));
      expect(several.status, several.text).toBe(200);
      expect(several.body.items).toHaveLength(3);
      const none = keep(await request(a).get(`/api/grants?userId=${userId}&status=expired`));
      expect(none.body.items).toEqual([]);
    });

    it('GET /grants/:id and /history', async () => {
      const a = app();
      const { body: grant } = await createGrant(a);
      const got = keep(await request(a).get(`/api/grants/${grant.id}`));
      expect(got.status).toBe(200);
      expect(got.body).toEqual(grant);
      const history = keep(await request(a).get(`/api/grants/${grant.id}/history`));
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['requested', 'created']);
    });

    it('PATCH /grants/:id moves the window and replaces role keys', async () => {
      const a = app();
      const { body: grant } = await createGrant(a);
      const endsAt = new Date(Date.now() + 8 * 3600_000).toISOString();
      const res = keep(await request(a).patch(`/api/grants/${grant.id}`).send({ endsAt, roleKeys: ['viewer', 'oncall'] }));
      expect(res.status, res.text).toBe(200);
      expect(res.body.window.endsAt).toBe(endsAt);
      expect(res.body.target.roleKeys).toEqual(['viewer', 'oncall']);
    });

    it('POST /grants/:id/revoke takes access away, with or without a body', async () => {
      const a = app();
      const { body: one } = await createGrant(a, t.requests.atomicwork);
      const res = keep(await request(a).post(`/api/grants/${one.id}/revoke`).send({ reason: 'left the company', deprovision: true }));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: one.id, reason: 'left the company' });
      // Atomicwork's full deprovisioning finishes later: revoking until then.
      expect(['revoked', 'revoking']).toContain(res.body.status);
      const { body: two } = await createGrant(a, t.requests.seam);
      const empty = keep(await request(a).post(`/api/grants/${two.id}/revoke`));
      expect(empty.status, empty.text).toBe(200);
      expect(empty.body.status).toBe('revoked');
    });

    it('GET /providers lists the configured providers and their capabilities', async () => {
      const res = keep(await request(app()).get('/api/providers'));
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { provider: string }) => c.provider)).toEqual(['atomicwork', 'seam', 'zitadel']);
      expect(res.body.items[0]).toMatchObject({ nativeWindows: expect.any(Boolean), update: { window: expect.any(Boolean), roleKeys: expect.any(Boolean) }, deprovision: expect.any(Boolean) });
    });

    it('GET /openapi.json is OpenAPI 3.1 with every route of the router', async () => {
      const res = keep(await request(app()).get('/api/openapi.json'));
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
    it('calls authorize with the action and context on every route, and a false answer is 403', async () => {
      const { body: grant } = await createGrant(app());
      const calls: Array<{ action: string; context: Record<string, unknown> }> = [];
      const denied = app({
        authorize: (_req, action, context) => {
          calls.push({ action, context });
          return false;
        },
      });
      const routes = routesOf(x.pkg.grantsRouter(t.grantkit, { authorize: () => true }));
      expect(routes.length).toBeGreaterThanOrEqual(8);
      for (const { method, path } of routes) {
        calls.length = 0;
        const url = `/api${path.replace(':id', grant.id)}`;
        const res = keep(await send(request(denied), method, url, method === 'get' ? undefined : {}));
        expectProblem(res, 403, 'forbidden');
        expect(calls, `${method} ${path}`).toHaveLength(1);
        expect(['grant', 'read', 'update', 'revoke']).toContain(calls[0]!.action);
        if (path.includes(':id')) expect(calls[0]!.context).toMatchObject({ grantId: grant.id, provider: 'zitadel', grant: { id: grant.id } });
      }
    });

    it('passes the body provider to authorize on POST /grants, and the principal from authenticate', async () => {
      const seen: Array<Record<string, unknown>> = [];
      const a = app({ authenticate: () => ({ sub: 'hr-bot' }), authorize: (_r, _a, context) => (seen.push(context), context.provider !== 'seam') });
      expect((await createGrant(a, t.requests.seam)).status).toBe(403);
      expect((await createGrant(a, t.requests.zitadel)).status).toBe(201);
      expect(seen[0]).toMatchObject({ route: 'createGrant', provider: 'seam', principal: { sub: 'hr-bot' } });
    });

    it('answers 401 on every route when authenticate fails', async () => {
      let authorized = 0;
      const a = app({ authenticate: (req) => req.headers.authorization === 'Bearer ok', authorize: () => (authorized++, true) });
      for (const { method, path } of routesOf(x.pkg.grantsRouter(t.grantkit, { authorize: () => true }))) {
        expectProblem(keep(await send(request(a), method, `/api${path.replace(':id', 'gr_x')}`)), 401, 'auth_error');
      }
      expect(authorized).toBe(0);
      expect((await request(a).get('/api/providers').set('authorization', 'Bearer ok')).status).toBe(200);
    });

    it('answers 403 for an unknown id when denied, 404 only when allowed', async () => {
      expectProblem(keep(await request(app({ authorize: () => false })).get('/api/grants/gr_missing')), 403);
      for (const [method, path] of [['get', '/grants/gr_missing'], ['get', '/grants/gr_missing/history'], ['patch', '/grants/gr_missing'], ['post', '/grants/gr_missing/revoke']] as const) {
        expectProblem(keep(await send(request(app()), method, `/api${path}`, method === 'get' ? undefined : { reason: 'x', endsAt: null })), 404, 'not_found');
      }
    });
  });

  describe('bad input is 4xx, never 500', () => {
    it('400 for malformed JSON, unknown fields, validation errors and a bad query', async () => {
      const a = app();
      const malformed = keep(await request(a).post('/api/grants').set('content-type', 'application/json').send('{"provider": "zitadel",'));
      expectProblem(malformed, 400, 'validation_error');
      const unknown = keep(await request(a).post('/api/grants').send({ ...t.requests.zitadel, extra: 1 }));
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '', message: expect.stringMatching(/extra/) })]);
      const invalid = keep(await request(a).post('/api/grants').send({ provider: 'zitadel', subject: { userId: '' }, target: { projectId: 'p', roleKeys: [] } }));
      expectProblem(invalid, 400);
      expect([...new Set(invalid.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(['subject.userId', 'target.roleKeys']);
      const patch = keep(await request(a).patch(`/api/grants/${(await createGrant(a)).body.id}`).send({ endsAt: 'tomorrow' }));
      expectProblem(patch, 400);
      expect(patch.body.errors[0].path).toBe('endsAt');
      for (const query of ['limit=0', 'limit=many', 'status=gone', 'provider=okta', 'colour=blue']) {
        expectProblem(keep(await request(a).get(`/api/grants?${query}`)), 400, 'validation_error');
      }
      expectProblem(keep(await createGrant(a, t.requests.zitadel, 'has spaces in it')), 400);
    });

    it('413 for a body over the limit (default 100 kB, and a custom one)', async () => {
      const big = { ...t.requests.zitadel, reason: 'x'.repeat(110 * 1024) };
      expectProblem(keep(await request(app()).post('/api/grants').send(big)), 413, 'payload_too_large');
      const small = app({ bodyLimit: 64 });
      expectProblem(keep(await request(small).post('/api/grants').send(t.requests.zitadel)), 413);
    });

    it('415 for a body that is not JSON', async () => {
      const a = app();
      expectProblem(keep(await request(a).post('/api/grants').set('content-type', 'text/plain').send(JSON.stringify(t.requests.zitadel))), 415, 'unsupported_media_type');
      expectProblem(keep(await request(a).post('/api/grants').type('form').send({ provider: 'zitadel' })), 415);
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
      const { body: grant } = await createGrant(a, t.requests.seam);
      t.inject('seam', 'provider_error');
      expectProblem(await createGrant(a, t.requests.seam), 502, 'provider_error');
      expectProblem(keep(await request(a).post(`/api/grants/${grant.id}/revoke`).send({})), 502);
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
      const patched = keep(await request(a).patch(`/api/grants/${created.body.id}`).send({ endsAt: new Date(Date.now() + 3600_000).toISOString() }));
      expect(patched.status, patched.text).toBe(200);
      expect((await createGrant(a, body, `json-${major}`)).status).toBe(200);
      expectProblem(keep(await request(a).post('/api/grants').send({ ...t.requests.seam, nope: true })), 400);
      expectProblem(keep(await request(a).post('/api/grants').set('content-type', 'text/plain').send('{}')), 415);
      expect((await request(a).get('/api/providers')).status).toBe(200);
    });
  });

  it('never reveals a stack or a secret in any response', async () => {
    expect(bodies.length).toBeGreaterThan(40);
    for (const body of bodies) {
      expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
      for (const secret of t.secrets) expect(body).not.toContain(secret);
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
