/**
 * Deny by default: every way of mounting the grants controller without a guard fails the real
 * Nest app's bootstrap with one message that names the opt-out; the opt-out and a guarded
 * controller boot and serve.
 */
import { Controller, Injectable, Module, UnauthorizedException, UseGuards, type CanActivate, type ExecutionContext, type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA as NEST_GUARDS_METADATA } from '@nestjs/common/constants.js';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AllowUnguarded, ConfigError, createGrantsController, GrantkitModule, GrantsController } from '../src/index.js';
import { GUARDS_METADATA } from '../src/grants-guarded.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

@Injectable()
class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToHttp().getRequest().headers.authorization !== 'Bearer ok') throw new UnauthorizedException();
    return true;
  }
}

let setup: TestSetup;
let app: INestApplication | undefined;
beforeEach(async () => {
  setup = await startTestSetup();
  app = undefined;
});
afterEach(async () => {
  await app?.close();
  await setup.stop();
});

/** Boots a real Nest app with `controller` (and, when asked, TokenGuard as APP_GUARD). */
async function boot(controller: Type<unknown>, { globalGuard = false } = {}) {
  @Module({
    imports: [GrantkitModule.forRoot(setup.options)],
    controllers: [controller],
    providers: globalGuard ? [{ provide: APP_GUARD, useClass: TokenGuard }] : [],
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return request(app.getHttpServer());
}

async function bootFailure(controller: Type<unknown>): Promise<unknown> {
  return boot(controller).then(
    () => new Error('the app booted'),
    (error: unknown) => error,
  );
}

function expectOptOutNamed(error: unknown) {
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).toContain('no guard');
  expect(message).toContain('@AllowUnguarded()');
  expect(message).toContain('allowUnguarded: true');
}

describe('a grants controller without a guard', () => {
  it('fails the bootstrap when subclassed without @UseGuards', async () => {
    @Controller('api')
    class AdminGrants extends GrantsController {}
    const error = await bootFailure(AdminGrants);
    expectOptOutNamed(error);
    expect((error as Error).message).toContain('AdminGrants');
  });

  it('fails the bootstrap from createGrantsController with guards: [] or no guards', async () => {
    expectOptOutNamed(await bootFailure(createGrantsController({ path: 'api', guards: [] })));
    expectOptOutNamed(await bootFailure(createGrantsController({ path: 'api' } as never)));
    expect(() => createGrantsController(undefined as never)).toThrow(/allowUnguarded: true/);
  });

  it('fails the bootstrap even behind a global guard, unless the app opts out', async () => {
    @Controller('api')
    class BehindAppGuard extends GrantsController {}
    const error = await boot(BehindAppGuard, { globalGuard: true }).then(() => null, (e: unknown) => e);
    expectOptOutNamed(error);
  });
});

describe('the opt-out and a guarded controller', () => {
  it('boots with @AllowUnguarded() on the class, behind the global guard', async () => {
    @AllowUnguarded()
    @Controller('api')
    class OpenByName extends GrantsController {}
    const http = await boot(OpenByName, { globalGuard: true });
    expect((await http.get('/api/providers')).status).toBe(401);
    expect((await http.get('/api/providers').set('authorization', 'Bearer ok')).status).toBe(200);
  });

  it('boots with createGrantsController({ allowUnguarded: true })', async () => {
    const http = await boot(createGrantsController({ path: 'api', allowUnguarded: true }), { globalGuard: true });
    expect((await http.get('/api/grants').set('authorization', 'Bearer ok')).status).toBe(200);
  });

  it('boots when subclassed with @UseGuards, and the guard decides', async () => {
    @UseGuards(TokenGuard)
    @Controller('api')
    class AdminGrants extends GrantsController {}
    const http = await boot(AdminGrants);
    expect((await http.get('/api/grants')).status).toBe(401);
    expect((await http.get('/api/grants').set('authorization', 'Bearer ok')).status).toBe(200);
  });

  it("reads guards where Nest keeps them", () => {
    expect(GUARDS_METADATA).toBe(NEST_GUARDS_METADATA);
  });
});
