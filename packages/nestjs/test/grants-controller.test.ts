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
import { createGrantsController, GrantkitModule, grantsRouteOf } from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

/** Something the guard needs from the app's own module (proves guard DI resolves there). */
@Injectable()
class TokenService {
  roleOf(header: string | undefined): 'admin' | 'reader' | 'nobody' | undefined {
    if (!header) return undefined;
    return header === 'Bearer admin' ? 'admin' : header === 'Bearer reader' ? 'reader' : 'nobody';
  }
}

@Injectable()
class RoleGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.tokens.roleOf(context.switchToHttp().getRequest().headers.authorization);
    if (!role) throw new UnauthorizedException();
    const route = grantsRouteOf(context);
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

describe('GrantsController behind a guard', () => {
  it('answers 401 problem+json when the guard finds no credentials', async () => {
    const http = await start();
    expectProblem(await http.get('/api/grants'), 401, 'auth_error');
    expectProblem(await http.post('/api/grants').send(setup.grantRequest), 401, 'auth_error');
  });

  it('answers 403 problem+json when the guard says no, per action', async () => {
    const http = await start();
    expectProblem(await http.post('/api/grants').set(reader).send(setup.grantRequest), 403, 'forbidden');
    expectProblem(await http.get('/api/grants').set({ authorization: 'Bearer someone' }), 403, 'forbidden');
    expect((await http.get('/api/grants').set(reader)).status).toBe(200);
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

  it('replays with Idempotency-Key (201 then 200, same grant)', async () => {
    const http = await start();
    const key = { ...admin, 'idempotency-key': 'onboard-42' };
    const first = await http.post('/api/grants').set(key).send(setup.grantRequest).expect(201);
    const again = await http.post('/api/grants').set(key).send(setup.grantRequest).expect(200);
    expect(again.body.id).toBe(first.body.id);
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

  it('refuses to build a controller without guards', () => {
    expect(() => createGrantsController({} as never)).toThrow(/needs guards/);
  });
});
