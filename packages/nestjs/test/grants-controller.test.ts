import {
  Injectable,
  Module,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  type NestApplicationOptions,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrantsController, GrantkitModule, GRANTS_ROUTES, grantsRouteOf, routePaths } from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

/** Something the guard needs from the app's own module (proves guard DI resolves there). */
@Injectable()
class TokenService {
  roleOf(header: string | undefined): 'admin' | 'reader' | 'nobody' | undefined {
    if (!header) return undefined;
    return header === 'Bearer admin' ? 'admin' : header === 'Bearer reader' ? 'reader' : 'nobody';
  }
}

/** Every route the guard was asked about, as grantsRouteOf saw it. */
const guarded: Array<string | undefined> = [];

@Injectable()
class RoleGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const route = grantsRouteOf(context);
    guarded.push(route?.id);
    const role = this.tokens.roleOf(req.headers.authorization);
    if (!role) throw new UnauthorizedException();
    // What a Passport-style guard does: the caller on req.user, whose id scopes Idempotency-Key.
    req.user = req.headers['x-caller'] === 'nobody' ? undefined : { id: req.headers['x-caller'] ?? role };
    return role === 'admin' || (role === 'reader' && route?.action === 'read');
  }
}

let setup: TestSetup;
let app: INestApplication;
beforeEach(async () => {
  setup = await startTestSetup();
});
afterEach(async () => {
  await app?.close();
  await setup.stop();
});

async function start(appOptions: NestApplicationOptions = {}, bodyLimit?: number) {
  @Module({
    imports: [GrantkitModule.forRoot(setup.options)],
    controllers: [createGrantsController({ path: 'api', guards: [RoleGuard], bodyLimit })],
    providers: [TokenService],
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  app = moduleRef.createNestApplication({ logger: false, ...appOptions });
  await app.init();
  return request(app.getHttpServer());
}

const admin = { authorization: 'Bearer admin' };
const reader = { authorization: 'Bearer reader' };

function expectProblem(res: request.Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:grantkit:problem:${code}`, status, code });
}

/** A URL of the route table's `path` under /api, with `id` for `:id`. */
const urlOf = (path: string, id: string) => `/api${path.replace(':id', id)}`;
const call = (http: ReturnType<typeof request>, method: string, url: string) => http[method.toLowerCase() as 'get'](url);

describe('GrantsController behind a guard', () => {
  it('puts every route of the table behind the guard: 401 problem+json without credentials', async () => {
    const http = await start();
    expect(GRANTS_ROUTES.length).toBeGreaterThanOrEqual(8);
    for (const route of GRANTS_ROUTES) {
      guarded.length = 0;
      expectProblem(await call(http, route.method, urlOf(route.path, 'gr_x')), 401, 'auth_error');
      // The guard ran for this very route, and knew which one it was.
      expect(guarded, `${route.method} ${route.path}`).toEqual([route.id]);
    }
  });

  it('answers 403 problem+json on every route the guard refuses, and lets the rest through', async () => {
    const http = await start();
    const { body: grant } = await http.post('/api/grants').set(admin).send(setup.grantRequest).expect(201);
    for (const route of GRANTS_ROUTES) {
      const res = await call(http, route.method, urlOf(route.path, grant.id)).set({ authorization: 'Bearer someone' });
      expectProblem(res, 403, 'forbidden');
      if (route.action !== 'read') expectProblem(await call(http, route.method, urlOf(route.path, grant.id)).set(reader), 403, 'forbidden');
      else expect((await call(http, route.method, urlOf(route.path, grant.id)).set(reader)).status, `${route.method} ${route.path}`).toBe(200);
    }
    expect((await http.get(`/api/grants/${grant.id}`).set(admin)).body.status).toBe('active');
  });

  it('grants, reads, lists, shows history and revokes', async () => {
    const http = await start();
    const created = await http.post('/api/grants').set(admin).send(setup.grantRequest).expect(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(created.body).toMatchObject({ provider: 'zitadel', status: 'active' });
    const id = created.body.id as string;

    expect((await http.get(`/api/grants/${id}`).set(reader).expect(200)).body.id).toBe(id);
    const list = await http.get('/api/grants').query({ provider: 'zitadel' }).set(reader).expect(200);
    expect(list.body.items.map((g: { id: string }) => g.id)).toEqual([id]);
    expect(list.body.nextCursor).toBeNull();

    const revoked = await http.post(`/api/grants/${id}/revoke`).set(admin).send({ reason: 'left the company' }).expect(200);
    expect(revoked.body.status).toBe('revoked');
    const history = await http.get(`/api/grants/${id}/history`).set(reader).expect(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['created', 'revoked']));

    const providers = await http.get('/api/providers').set(reader).expect(200);
    expect(providers.body.items.map((p: { provider: string }) => p.provider)).toEqual(['atomicwork', 'seam', 'zitadel']);
  });

  it('revokes every grant of a person at POST /people/:personId/revoke, behind the guard as a revoke', async () => {
    const http = await start();
    const created = await http.post('/api/grants').set(admin).send({ ...setup.grantRequest, personId: 'person-7' }).expect(201);
    await http.post('/api/people/person-7/revoke').set(reader).send({}).expect(403);
    const report = await http.post('/api/people/person-7/revoke').set(admin).send({ reason: 'offboarded' }).expect(200);
    expect(guarded.at(-1)).toBe('revokePerson');
    expect(report.body).toEqual({ personId: 'person-7', grants: [expect.objectContaining({ grantId: created.body.id, status: 'revoked', outcome: 'revoked' })] });
    expect((await http.get(`/api/grants/${created.body.id}`).set(reader).expect(200)).body.status).toBe('revoked');
  });

  it('replays with Idempotency-Key (201 then 200, same grant)', async () => {
    const http = await start();
    const key = { ...admin, 'idempotency-key': 'onboard-42' };
    const first = await http.post('/api/grants').set(key).send(setup.grantRequest).expect(201);
    const again = await http.post('/api/grants').set(key).send(setup.grantRequest).expect(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it("scopes Idempotency-Key to req.user: another caller's key neither replays nor blocks, and a 409 names no grant", async () => {
    const http = await start();
    const as = (caller: string) => ({ ...admin, 'idempotency-key': 'shared', 'x-caller': caller });
    const alice = await http.post('/api/grants').set(as('alice')).send(setup.grantRequest).expect(201);
    const bob = await http.post('/api/grants').set(as('bob')).send({ ...setup.grantRequest, reason: 'bob' }).expect(201);
    expect(bob.body.id).not.toBe(alice.body.id);
    const conflict = await http.post('/api/grants').set(as('alice')).send({ ...setup.grantRequest, reason: 'other' });
    expectProblem(conflict, 409, 'conflict');
    expect(conflict.text).not.toMatch(/gr_/);
    const anonymous = await http.post('/api/grants').set(as('nobody')).send(setup.grantRequest);
    expectProblem(anonymous, 400, 'validation_error');
    expect(anonymous.body.errors).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
  });

  it('uses the principalId option of createGrantsController', async () => {
    @Module({
      imports: [GrantkitModule.forRoot(setup.options)],
      controllers: [createGrantsController({ path: 'api', guards: [RoleGuard], principalId: (req) => (req as { headers: Record<string, string> }).headers['x-tenant'] })],
      providers: [TokenService],
    })
    class TenantModule {}
    app = (await Test.createTestingModule({ imports: [TenantModule] }).compile()).createNestApplication({ logger: false });
    await app.init();
    const http = request(app.getHttpServer());
    const as = (tenant: string) => ({ ...admin, 'idempotency-key': 'k', 'x-tenant': tenant, 'x-caller': 'same-user' });
    const t1 = await http.post('/api/grants').set(as('t1')).send(setup.grantRequest).expect(201);
    const t2 = await http.post('/api/grants').set(as('t2')).send(setup.grantRequest).expect(201);
    expect(t2.body.id).not.toBe(t1.body.id);
    expect((await http.post('/api/grants').set(as('t1')).send(setup.grantRequest).expect(200)).body.id).toBe(t1.body.id);
  });

  it('answers a wrong method on every known path with 405 problem+json and Allow from the route table', async () => {
    const http = await start();
    let refused = 0;
    for (const { path, allow } of routePaths(GRANTS_ROUTES)) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allow.includes(m))) {
        const res = await call(http, method, urlOf(path, 'gr_x')).set(admin);
        expectProblem(res, 405, 'method_not_allowed');
        expect(res.headers.allow, `${method} ${path}`).toBe(allow.join(', '));
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(20);
    expect((await http.head('/api/grants/gr_x/revoke').set(admin)).status).toBe(405);
    expect((await http.head('/api/providers').set(admin)).status).toBe(200);
    // Behind the guard like every route: no credentials, no 405.
    expectProblem(await http.delete('/api/grants/gr_x'), 401, 'auth_error');
  });

  it('answers core errors as the same problems as the express router', async () => {
    const http = await start();
    expectProblem(await http.get('/api/grants/gr_missing').set(admin), 404, 'not_found');
    const invalid = await http.post('/api/grants').set(admin).send({ provider: 'zitadel', subject: {}, target: {} });
    expectProblem(invalid, 400, 'validation_error');
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['subject.userId']));
    expectProblem(await http.get('/api/grants').query({ bogus: '1' }).set(reader), 400, 'validation_error');
  });

  it('serves the OpenAPI document with its mount point', async () => {
    const http = await start();
    const doc = await http.get('/api/openapi.json').set(reader).expect(200);
    expect(doc.body.openapi).toMatch(/^3\.1/);
    expect(JSON.stringify(doc.body.servers)).toContain('/api');
  });
});

describe('GrantsController request bodies', () => {
  it('takes a body Nest already parsed (default body parser)', async () => {
    const http = await start();
    await http.post('/api/grants').set(admin).send(setup.grantRequest).expect(201);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const http = await start();
    const res = await http.post('/api/grants').set(admin).set('content-type', 'text/plain').send('provider=zitadel');
    expectProblem(res, 415, 'unsupported_media_type');
    const form = await http.post('/api/grants').set(admin).type('form').send({ provider: 'zitadel' });
    expectProblem(form, 415, 'unsupported_media_type');
  });

  it('with bodyParser: false, applies the limit (413), JSON syntax (400) and +json types itself', async () => {
    const http = await start({ bodyParser: false }, 200);
    const big = { ...setup.grantRequest, reason: 'x'.repeat(500) };
    expectProblem(await http.post('/api/grants').set(admin).send(big), 413, 'payload_too_large');
    const bad = await http.post('/api/grants').set(admin).set('content-type', 'application/json').send('{"provider":');
    expectProblem(bad, 400, 'validation_error');
    expect(bad.text).not.toContain('{"provider":');
    const merge = await http.post('/api/grants').set(admin).set('content-type', 'application/merge-patch+json').send(JSON.stringify(setup.grantRequest));
    expect(merge.status).toBe(201);
  });

  it('with rawBody: true, re-reads the raw bytes under the same limit', async () => {
    const http = await start({ rawBody: true }, 200);
    await http.post('/api/grants').set(admin).send(setup.grantRequest).expect(201);
    const big = { ...setup.grantRequest, reason: 'x'.repeat(500) };
    expectProblem(await http.post('/api/grants').set(admin).send(big), 413, 'payload_too_large');
  });
});

describe('opt-in', () => {
  it('exposes no route unless the app lists a grants controller', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GrantkitModule.forRoot(setup.options)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const http = request(app.getHttpServer());
    for (const path of ['/grants', '/providers', '/openapi.json', '/api/grants']) {
      expect((await http.get(path).set(admin)).status).toBe(404);
    }
  });
});
