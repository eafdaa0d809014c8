/**
 * A window 40 days ahead, on a fake clock: the scheduler waits in capped steps (setTimeout tops
 * out at 2^31-1 ms, ~24.8 days), re-reads the store on each wake, and acts when the time comes,
 * not before. Timers, Date and performance are faked together (the fake provider's timestamps
 * follow the same fake Date); the HTTP calls to the Atomicwork fake on loopback are real, so the
 * test waits for them on setImmediate, which is left real.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATOMICWORK_SEED_IDS, startAtomicworkFake } from '@grantkit/testing';
import { createGrantkit, MemoryGrantStore } from '../../src/index.js';
import { MAX_TIMER_MS } from '../../src/service/due-timer.js';
import { fastReliability, HOUR } from './harness.js';

const DAY = 24 * HOUR;
const { users, entitlements } = ATOMICWORK_SEED_IDS;

afterEach(() => {
  vi.useRealTimers();
});

/** Lets real I/O run (loopback HTTP) until `check` holds; bounded in turns of the event loop. */
async function ioUntil(check: () => boolean, turns = 20_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition not met within the turn budget');
}

describe('a window 40 days ahead (fake timers)', () => {
  it('starts and ends on time, through wake-ups capped at 2^31-1 ms', async () => {
    const fake = await startAtomicworkFake();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    const grantkit = createGrantkit({
      providers: { atomicwork: { baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId, reliability: fastReliability } },
      store: new MemoryGrantStore(),
    });
    const atFake = () => fake.state.grantsFor(users.ada, entitlements.githubEngineering);
    try {
      const startsAt = Date.now() + 40 * DAY;
      const endsAt = startsAt + 8 * HOUR;
      const { grant, outcome } = await grantkit.grant({
        provider: 'atomicwork',
        subject: { userId: users.ada },
        target: { entitlementId: entitlements.githubEngineering },
        window: { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() },
      });
      expect(outcome).toBe('scheduled');
      // The backstop out of the way: only the due timer may wake the scheduler.
      grantkit.startScheduler({ pollMs: 0, intervalMs: MAX_TIMER_MS });
      await vi.advanceTimersByTimeAsync(0);

      // Past the first capped wake-up (24.8 days): it re-reads the store and sleeps again.
      await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 1000);
      expect((await grantkit.get(grant.id)).status).toBe('scheduled');
      await vi.advanceTimersByTimeAsync(startsAt - Date.now() - 1000);
      expect((await grantkit.get(grant.id)).status).toBe('scheduled');
      expect(atFake()).toHaveLength(0);

      // The start comes: created at the provider within a second of it (fake time).
      await vi.advanceTimersByTimeAsync(1000);
      await ioUntil(() => atFake().length === 1);
      const createdAt = Date.parse(atFake()[0]!.createdAt);
      expect(createdAt - startsAt).toBeGreaterThanOrEqual(0);
      expect(createdAt - startsAt).toBeLessThan(1000);

      // Eight hours later the window ends: revoked within a second of it.
      await vi.advanceTimersByTimeAsync(endsAt - Date.now() - 1000);
      expect(atFake()[0]!.status).toBe('GRANTED');
      await vi.advanceTimersByTimeAsync(1000);
      await ioUntil(() => atFake()[0]!.status === 'REVOKED');
      const revokedAt = Date.parse(fake.state.history.find((h) => h.eventType === 'REVOKED')!.eventAt);
      expect(revokedAt - endsAt).toBeGreaterThanOrEqual(0);
      expect(revokedAt - endsAt).toBeLessThan(1000);
      for (let i = 0; i < 100 && (await grantkit.get(grant.id)).status !== 'expired'; i++) await vi.advanceTimersByTimeAsync(0);
      expect((await grantkit.get(grant.id)).status).toBe('expired');
    } finally {
      await grantkit.stop();
      vi.useRealTimers();
      await grantkit.close();
      await fake.close();
    }
  });
});
