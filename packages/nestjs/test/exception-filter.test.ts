import { Controller, Get, NotFoundException, Param, UseFilters, type INestApplication } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Grantkit,
  GrantkitExceptionFilter,
  GrantkitModule,
  InjectGrantkit,
  NetworkError,
  RateLimitedError,
} from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

/** An app's own controller that lets core errors escape. */
@Controller('people')
class PeopleController {
  constructor(@InjectGrantkit() private readonly grantkit: Grantkit) {}

  @Get('grant/:id')
  grant(@Param('id') id: string) {
    return this.grantkit.get(id);
  }

  @Get('invalid')
  invalid() {
    // Invalid on purpose, as a JavaScript caller could send it: the ValidationError is the point.
    return this.grantkit.grant({ provider: 'zitadel', subject: {}, target: { projectId: 'p', roleKeys: [] } } as never);
  }

  @Get('limited')
  limited() {
    throw new RateLimitedError('Seam rate limit hit; retry later.', { provider: 'seam', retryAfterMs: 2500, requestId: 'req_1' });
  }

  @Get('network')
  network() {
    throw new NetworkError('Could not reach ZITADEL.', { provider: 'zitadel', cause: new Error('ECONNREFUSED secret-host') });
  }

  @Get('nest')
  nest() {
    throw new NotFoundException('plain Nest error');
  }
}

@Controller('scoped')
@UseFilters(GrantkitExceptionFilter)
class ScopedController {
  constructor(@InjectGrantkit() private readonly grantkit: Grantkit) {}

  @Get(':id')
  grant(@Param('id') id: string) {
    return this.grantkit.get(id);
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

async function start(how: 'APP_FILTER' | 'useGlobalFilters' | 'none') {
  const moduleRef = await Test.createTestingModule({
    imports: [GrantkitModule.forRoot(setup.options)],
    controllers: [PeopleController, ScopedController],
    providers: how === 'APP_FILTER' ? [{ provide: APP_FILTER, useClass: GrantkitExceptionFilter }] : [],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  if (how === 'useGlobalFilters') app.useGlobalFilters(new GrantkitExceptionFilter(app.get(HttpAdapterHost)));
  await app.init();
  return request(app.getHttpServer());
}

describe('GrantkitExceptionFilter', () => {
  it('answers a NotFoundError with a 404 problem+json', async () => {
    const http = await start('APP_FILTER');
    const res = await http.get('/people/grant/gr_missing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:grantkit:problem:not_found', status: 404, code: 'not_found', title: 'Not Found' });
  });

  it('lists every failing field of a ValidationError', async () => {
    const http = await start('APP_FILTER');
    const res = await http.get('/people/invalid').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_error');
    const paths = (res.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['subject.userId', 'target.roleKeys']));
  });

  it('mirrors retryAfter in Retry-After and keeps provider and requestId', async () => {
    const http = await start('useGlobalFilters');
    const res = await http.get('/people/limited').expect(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.body).toMatchObject({ code: 'rate_limited', retryAfter: 3, provider: 'seam', requestId: 'req_1' });
  });

  it('never echoes a cause or a stack', async () => {
    const http = await start('APP_FILTER');
    const res = await http.get('/people/network').expect(502);
    expect(res.text).not.toMatch(/secret-host|ECONNREFUSED|stack|at /);
    expect(res.body).toMatchObject({ code: 'network_error', status: 502 });
  });

  it('leaves Nest exceptions to Nest', async () => {
    const http = await start('APP_FILTER');
    const res = await http.get('/people/nest').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ statusCode: 404, message: 'plain Nest error', error: 'Not Found' });
  });

  it('works as a controller-scoped @UseFilters, and is needed', async () => {
    const http = await start('none');
    const scoped = await http.get('/scoped/gr_missing').expect(404);
    expect(scoped.body.code).toBe('not_found');
    // Without the filter a core error is just an unexpected error to Nest.
    await http.get('/people/grant/gr_missing').expect(500);
  });
});
