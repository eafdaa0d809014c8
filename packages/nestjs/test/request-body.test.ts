/**
 * The grants controller's body rules on a real Nest app, for each way the body can reach it:
 * a Content-Encoding the controller would have to decode itself is a 415 (the Express router and
 * the example app answer the same), one Nest's parser already decoded is taken.
 */
import { gzipSync } from 'node:zlib';
import { Module, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGrantsController, GrantkitModule } from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

let setup: TestSetup;
let app: INestApplication | undefined;
beforeEach(async () => {
  setup = await startTestSetup();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await setup.stop();
});

async function start(appOptions: NestApplicationOptions) {
  @Module({
    imports: [GrantkitModule.forRoot(setup.options)],
    controllers: [createGrantsController({ path: 'api', allowUnguarded: true })],
  })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  app = moduleRef.createNestApplication({ logger: false, ...appOptions });
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

/** fetch sends the bytes as given (supertest would serialise a Buffer as JSON). */
async function post(url: string, body: string | Buffer, coding?: string) {
  const res = await fetch(`${url}/api/grants`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(coding ? { 'content-encoding': coding } : {}) } });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('GrantsController and Content-Encoding', () => {
  it('reading the stream itself (bodyParser: false), answers 415 for any coding but identity', async () => {
    const http = await start({ bodyParser: false });
    const plain = JSON.stringify(setup.grantRequest);
    for (const coding of ['gzip', 'compress', 'x-unknown']) {
      const res = await post(http, plain, coding);
      expect(res.status, coding).toBe(415);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'unsupported_media_type' });
    }
    expect((await post(http, gzipSync(plain), 'gzip')).status).toBe(415);
    expect((await post(http, plain, 'identity')).status).toBe(201);
  });

  it('takes a gzip body Nest’s parser inflated, raw copy or not', async () => {
    for (const options of [{ rawBody: true }, {}]) {
      const http = await start(options);
      const res = await post(http, gzipSync(JSON.stringify(setup.grantRequest)), 'gzip');
      expect(res.status, JSON.stringify(options) + res.text).toBeLessThan(300);
      await app!.close();
      app = undefined;
    }
  });
});
