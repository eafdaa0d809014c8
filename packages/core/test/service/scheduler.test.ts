/**
 * The scheduler keeps windows on time: ends and scheduled starts reach the provider within a
 * second of their time, with the default settings (a 30 s backstop interval that must never be
 * what they wait for), also when thousands are due at the same instant and when a window ends
 * while a drain is running. Real timers, a real Atomicwork fake on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from './harness.js';
import { startSchedulerSetup, type SchedulerSetup } from './scheduler-harness.js';

let s: SchedulerSetup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const revokeRoute = /^POST \/api\/v1\/iga\/grants\/[^/]+\/revoke$/;

/** Runs `fn` for 0..n-1 with `width` at a time. */
async function pool(n: number, width: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await fn(next++);
  }));
}

describe('startScheduler() with the defaults', () => {
  it('revokes at the provider when the window ends, not at the next sweep', async () => {
    s = await startSchedulerSetup();
    s.grantkit.startScheduler();
    const endsAt = s.now() + 300;
    const { grant } = await s.grantkit.grant(s.request(0, { endsAt }));
    expect(grant.status).toBe('active');
    const revokedAt = await s.waitRevoked(0, 3000);
    expect(revokedAt).toBeGreaterThanOrEqual(endsAt);
    expect(revokedAt - endsAt).toBeLessThan(1000);
    // The outcome is recorded in the unit right after the provider's answer.
    await expect.poll(async () => (await s!.grantkit.get(grant.id)).status).toBe('expired');
  });

  it('creates a scheduled grant at the provider when its start comes', async () => {
    s = await startSchedulerSetup();
    s.grantkit.startScheduler();
    const startsAt = s.now() + 300;
    const { grant, outcome } = await s.grantkit.grant(s.request(0, { startsAt, endsAt: startsAt + HOUR }));
    expect(outcome).toBe('scheduled');
    const createdAt = await s.waitCreated(0, 3000);
    expect(createdAt).toBeGreaterThanOrEqual(startsAt);
    expect(createdAt - startsAt).toBeLessThan(1000);
    await expect.poll(async () => (await s!.grantkit.get(grant.id)).status).toBe('active');
  });

  it('takes a window that ends while a drain is running, without waiting for another timer or sweep', async () => {
    s = await startSchedulerSetup({ scheduler: { pollMs: 0 } });
    const first = 40;
    const endsAt = s.now() + 1500;
    const lateEndsAt = endsAt + 150;
    await pool(first, 10, async (i) => void (await s!.grantkit.grant(s!.request(i, { endsAt }))));
    await s.grantkit.grant(s.request(first, { endsAt: lateEndsAt }));
    expect(s.now()).toBeLessThan(endsAt - 200);
    // 40 revokes at 40 ms each, 8 at a time: the drain that starts at endsAt runs for ~200 ms.
    s.fake.faults.add({ route: revokeRoute, latencyMs: 40 });
    s.grantkit.startScheduler();
    const late = await s.waitRevoked(first, 5000);
    const firstGroup = await Promise.all(Array.from({ length: first }, (_, i) => s!.waitRevoked(i, 5000)));
    // The case holds: the first group was still being revoked when the late window ended.
    expect(Math.max(...firstGroup)).toBeGreaterThan(lateEndsAt);
    expect(late - lateEndsAt).toBeLessThan(1000);
    expect(s.revokeRequests()).toBe(first + 1);
  });

  it('works through 5,000 starts due at one instant, then 5,000 ends due at one instant, without a 30 s wait between batches', { timeout: 90_000 }, async () => {
    const n = 5000;
    s = await startSchedulerSetup({ users: n });
    const startsAt = s.now() + 3000;
    // Scheduled grants cost no provider call until they start.
    await pool(n, 50, async (i) => void (await s!.grantkit.grant(s!.request(i, { startsAt, endsAt: startsAt + HOUR }))));
    expect(s.now()).toBeLessThan(startsAt);
    s.grantkit.startScheduler();
    await s.waitHistory('GRANTED', n, 30_000);
    const started = Date.now() - startsAt;

    // Every window ends at the same instant: the wall clock jumps past it (the poll notices).
    s.shiftClock(HOUR + 1000);
    const endedAt = Date.now();
    await s.waitHistory('REVOKED', n, 30_000);
    const ended = Date.now() - endedAt;

    // 50 batches of 100; one backstop interval (30 s) between batches would take 25 minutes.
    expect(started).toBeLessThan(25_000);
    expect(ended).toBeLessThan(25_000);
    expect(s.revokeRequests()).toBe(n);
    const expired = async () => (await s!.grantkit.list({ provider: 'atomicwork', status: 'expired', limit: 500 }).toArray({ limit: n + 1 })).length;
    await expect.poll(expired).toBe(n);
    console.log(`5,000 at one instant: starts done ${started} ms after their time, ends ${ended} ms after the clock passed them`);
  });
});
