/**
 * KNOWN BUG, found by running the example app's fuzz test on Express 4 (that file is left out of
 * the NestJS 10 run in vitest.config.ts until this is fixed). The grants router takes `req.query`
 * as the app's query parser made it: Express 5's simple parser keeps `status[]` as a key (unknown
 * field, 400), Express 4's default qs parser turns it into `status: ['active']` and drops
 * `__proto__[...]` keys, so the same request lists grants (200) on Express 4. The fix belongs in
 * the router (read the raw query string with one parser); these tests are marked `fails` until
 * then, so they turn red the moment it lands and remind whoever fixes it to drop the marks and
 * the exclusion.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createGrantkit, grantsRouter } from '../../express/src/index.js';
import { startProviderFakes, type ProviderFakes } from '@grantkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let fakes: ProviderFakes;
let grantkit: ReturnType<typeof createGrantkit>;
let server: ReturnType<ReturnType<typeof express>['listen']>;
let url: string;

beforeAll(async () => {
  fakes = await startProviderFakes();
  grantkit = createGrantkit({ providers: fakes.providerConfigs() });
  const app = express();
  // The router's source is typed against Express 5's types; at run time it builds on Express 4 here.
  app.use('/api', grantsRouter(grantkit, { authorize: () => true }) as unknown as express.Router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await grantkit?.close();
  await fakes?.close();
});

describe('grants router query strings on Express 4', () => {
  it('runs on Express 4 here', async () => {
    expect(((await import('express/package.json', { with: { type: 'json' } })) as { default: { version: string } }).default.version).toMatch(/^4\./);
    expect((await fetch(`${url}/api/grants?status=active`)).status).toBe(200);
  });

  it.fails('answers `status[]=active` with 400 as on Express 5', async () => {
    expect((await fetch(`${url}/api/grants?status[]=active`)).status).toBe(400);
  });

  it.fails('answers `__proto__[polluted]=1` with 400 as on Express 5', async () => {
    expect((await fetch(`${url}/api/grants?__proto__[polluted]=1`)).status).toBe(400);
  });
});
