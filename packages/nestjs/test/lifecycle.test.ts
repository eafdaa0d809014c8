import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GRANTKIT, Grantkit, GrantkitModule } from '../src/index.js';
import { startTestSetup, type TestSetup } from './helpers/grantkit.js';

let setup: TestSetup;
beforeEach(async () => {
  setup = await startTestSetup();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await setup.stop();
});

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('scheduler lifecycle', () => {
  it('starts on bootstrap and expires a grant whose window ended', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { intervalMs: 50, driftChecks: 0 } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const grantkit = app.get<Grantkit>(GRANTKIT);
    const endsAt = new Date(Date.now() + 300).toISOString();
    const { grant } = await grantkit.grant({ ...setup.grantRequest, window: { endsAt } });
    expect(grant.status).toBe('active');
    await until(async () => (await grantkit.get(grant.id)).status === 'expired');
    await app.close();
  });

  it('does not start when scheduler.enabled is false', async () => {
    const start = vi.spyOn(Grantkit.prototype, 'startScheduler');
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { enabled: false } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(start).not.toHaveBeenCalled();
    await app.close();
  });

  it('starts by default (enabled unless set false)', async () => {
    const start = vi.spyOn(Grantkit.prototype, 'startScheduler');
    const { scheduler: _ignored, ...options } = setup.options;
    const moduleRef = await Test.createTestingModule({ imports: [GrantkitModule.forRoot(options)] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    expect(start).toHaveBeenCalledTimes(1);
    await app.close();
  });
});

describe('shutdown', () => {
  it('stops the scheduler before the server closes, then closes the store', async () => {
    const stop = vi.spyOn(Grantkit.prototype, 'stop');
    const close = vi.spyOn(Grantkit.prototype, 'close');
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { intervalMs: 20 } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.init();
    await app.get<Grantkit>(GRANTKIT).grant(setup.grantRequest);
    expect(setup.storeClosed()).toBe(false);
    await app.close();
    expect(setup.storeClosed()).toBe(true);
    // beforeApplicationShutdown stops the scheduler; onApplicationShutdown closes (after the server).
    expect(stop.mock.invocationCallOrder[0]).toBeLessThan(close.mock.invocationCallOrder[0]!);
  });

  it('closes the provider pools and the server: no socket left open after app.close() (enableShutdownHooks)', async () => {
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { intervalMs: 20 } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    const grantkit = app.get<Grantkit>(GRANTKIT);
    // Keep-alive connections from the provider clients' pools to the fakes are open now.
    await grantkit.grant(setup.grantRequest);
    await request(app.getHttpServer()).get('/nothing-here').expect(404);
    expect(count('TCPSocketWrap')).toBeGreaterThan(0);
    await app.close();
    // libuv releases handles over the next turns of the loop; what stays is the three fakes' servers.
    const settled = () => count('TCPSocketWrap') === 0 && count('TCPServerWrap') === 3;
    await until(async () => settled(), 2000).catch(() => undefined);
    expect({ sockets: count('TCPSocketWrap'), servers: count('TCPServerWrap') }).toEqual({ sockets: 0, servers: 3 });
  });
});
