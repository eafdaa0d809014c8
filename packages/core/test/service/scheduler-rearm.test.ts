/**
 * The scheduler's timer follows the store: a write of this process that moves due work earlier
 * re-arms it (an update, a revoke whose provider call failed and is retried after its backoff),
 * a window moved later is not ended early, and a wall clock that jumps neither ends a window early
 * nor leaves one waiting. Polling is off (`pollMs: 0`) wherever it could hide a missed re-arm.
 * Real timers, kept to a few hundred ms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryGrantStore, ProviderError } from '../../src/index.js';
import { eventually, HOUR } from './harness.js';
import { countingNextDue, startSchedulerSetup, type SchedulerSetup } from './scheduler-harness.js';

let s: SchedulerSetup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const revokeRoute = /^POST \/api\/v1\/iga\/grants\/[^/]+\/revoke$/;
const iso = (ms: number) => new Date(ms).toISOString();

describe('re-arming on writes', () => {
  it('an update that moves the end earlier re-arms the timer', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0 } });
    s.grantkit.startScheduler();
    const { grant } = await s.grantkit.grant(s.request(0, { endsAt: s.now() + HOUR }));
    const endsAt = s.now() + 300;
    await s.grantkit.update(grant.id, { endsAt: iso(endsAt) });
    const revokedAt = await s.waitRevoked(0, 3000);
    expect(revokedAt).toBeGreaterThanOrEqual(endsAt);
    expect(revokedAt - endsAt).toBeLessThan(1000);
  });

  it('an update that moves the end later is not ended at the old time', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0 } });
    s.grantkit.startScheduler();
    const { grant } = await s.grantkit.grant(s.request(0, { endsAt: s.now() + 300 }));
    const endsAt = s.now() + 900;
    await s.grantkit.update(grant.id, { endsAt: iso(endsAt) });
    const revokedAt = await s.waitRevoked(0, 3000);
    expect(revokedAt).toBeGreaterThanOrEqual(endsAt);
    expect(revokedAt - endsAt).toBeLessThan(1000);
  });

  it('an update that moves a scheduled start earlier re-arms the timer', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0 } });
    s.grantkit.startScheduler();
    const { grant } = await s.grantkit.grant(s.request(0, { startsAt: s.now() + HOUR, endsAt: s.now() + 2 * HOUR }));
    const startsAt = s.now() + 300;
    await s.grantkit.update(grant.id, { startsAt: iso(startsAt) });
    const createdAt = await s.waitCreated(0, 3000);
    expect(createdAt).toBeGreaterThanOrEqual(startsAt);
    expect(createdAt - startsAt).toBeLessThan(1000);
  });

  it('a revoke whose provider call failed is retried when its backoff ends, not at the next sweep', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0 } });
    s.grantkit.startScheduler();
    const { grant } = await s.grantkit.grant(s.request(0));
    // Every attempt of this revoke call fails (the client's own retries included).
    s.fake.faults.add({ route: revokeRoute, errorRate: 1, errorStatus: 503, times: 3 });
    await expect(s.grantkit.revoke(grant.id, { reason: 'shift over' })).rejects.toBeInstanceOf(ProviderError);
    const failedAt = Date.now();
    expect(s.revokedAt(0)).toBeNull();
    // The access is due again after a 1 s backoff; the backstop interval is 30 s.
    const revokedAt = await s.waitRevoked(0, 5000);
    expect(revokedAt - failedAt).toBeLessThan(3000);
    await expect.poll(async () => (await s!.grantkit.get(grant.id)).status).toBe('revoked');
  });
});

describe('a wall clock that jumps', () => {
  it('forward past a window end: the poll of the next due time notices', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 50 } });
    s.grantkit.startScheduler();
    const { grant } = await s.grantkit.grant(s.request(0, { endsAt: s.now() + HOUR }));
    s.shiftClock(HOUR + 1000);
    const jumpedAt = Date.now();
    const revokedAt = await s.waitRevoked(0, 3000);
    expect(revokedAt - jumpedAt).toBeLessThan(1000);
    await expect.poll(async () => (await s!.grantkit.get(grant.id)).status).toBe('expired');
  });

  it('forward with polling off: the backstop interval notices', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0, intervalMs: 200 } });
    s.grantkit.startScheduler();
    await s.grantkit.grant(s.request(0, { endsAt: s.now() + HOUR }));
    s.shiftClock(HOUR + 1000);
    const jumpedAt = Date.now();
    expect((await s.waitRevoked(0, 3000)) - jumpedAt).toBeLessThan(1500);
  });

  it('backward before the timer fires: nothing ends early, and the window still ends on the clock', async () => {
    const counted = countingNextDue(new MemoryGrantStore());
    s = await startSchedulerSetup({ store: counted.store, scheduler: { pollMs: 0, intervalMs: 400 } });
    const { grant } = await s.grantkit.grant(s.request(0, { endsAt: s.now() + 200 }));
    s.grantkit.startScheduler();
    // The first round (due work, then drift checks) reads the next due time twice, then arms.
    await eventually(async () => counted.calls() >= 2);
    const armed = counted.calls();
    s.shiftClock(-HOUR);
    // The timer armed for the end fires (~200 ms) and finds the window an hour ahead now.
    await eventually(async () => counted.calls() > armed, 2000);
    expect(s.revokedAt(0)).toBeNull();
    expect((await s.grantkit.get(grant.id)).status).toBe('active');
    // The clock comes back: the window has ended, and a wake-up (here the backstop) ends it.
    s.shiftClock(HOUR);
    const back = Date.now();
    expect((await s.waitRevoked(0, 3000)) - back).toBeLessThan(1500);
  });
});

describe('windows far ahead', () => {
  it('a window ending in 40 days arms one capped timer instead of firing at once (setTimeout tops out at 2^31-1 ms)', async () => {
    const counted = countingNextDue(new MemoryGrantStore());
    s = await startSchedulerSetup({ store: counted.store, scheduler: { pollMs: 0 } });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      await s.grantkit.grant(s.request(0, { endsAt: s.now() + 40 * 24 * HOUR }));
      s.grantkit.startScheduler();
      await eventually(async () => counted.calls() >= 2);
      const armed = counted.calls();
      // An overflowing delay would fire after 1 ms, again and again: a round per millisecond.
      await new Promise((r) => setTimeout(r, 200));
      expect(counted.calls() - armed).toBe(0);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
