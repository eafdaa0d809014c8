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
  it('stops the scheduler before the server closes, then closes the pools and the store', async () => {
    const stop = vi.spyOn(Grantkit.prototype, 'stop');
    const close = vi.spyOn(Grantkit.prototype, 'close');
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { intervalMs: 20 } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.init();
    await app.get<Grantkit>(GRANTKIT).grant(setup.grantRequest);
    expect(setup.closed()).toEqual({ providers: false, store: false });
    await app.close();
    expect(setup.closed()).toEqual({ providers: true, store: true });
    // beforeApplicationShutdown stops the scheduler; onApplicationShutdown closes (after the server).
    expect(stop.mock.invocationCallOrder[0]).toBeLessThan(close.mock.invocationCallOrder[0]!);
  });

  it('leaves no handle open after app.close() (enableShutdownHooks)', async () => {
    const resources = () => process.getActiveResourcesInfo().slice().sort();
    const before = resources();
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ ...setup.options, scheduler: { intervalMs: 20 } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    const grantkit = app.get<Grantkit>(GRANTKIT);
    await grantkit.grant(setup.grantRequest);
    await request(app.getHttpServer()).get('/nothing-here').expect(404);
    expect(resources().length).toBeGreaterThan(before.length);
    await app.close();
    // Handles are released by libuv on the next turns of the loop, not synchronously.
    await until(async () => resources().length <= before.length, 2000).catch(() => undefined);
    expect(resources()).toEqual(before);
  });
});
