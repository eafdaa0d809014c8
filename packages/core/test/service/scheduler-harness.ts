/**
 * What the scheduler tests share: an Atomicwork fake on loopback with as many users as a case
 * needs, a Grantkit on it whose clock can be shifted (a wall clock that jumps), and readings of
 * when the fake saw each create and revoke. Atomicwork because the service schedules its windows
 * (it has none of its own) and a grant costs one write each way.
 */
import { ATOMICWORK_SEED_IDS, startAtomicworkFake } from '@grantkit/testing';
import { createGrantkit, type GrantStore, type GrantkitLogger, type SchedulerOptions } from '../../src/index.js';
import { fastReliability } from './harness.js';

const FIRST_USER = 300_000;

export async function startSchedulerSetup(options: { store?: GrantStore; users?: number; scheduler?: SchedulerOptions; logger?: GrantkitLogger } = {}) {
  const fake = await startAtomicworkFake();
  const users = options.users ?? 50;
  for (let i = 0; i < users; i++) {
    const id = String(FIRST_USER + i);
    fake.state.users.set(id, { id, email: `user${id}@example.com`, name: `User ${id}` });
  }
  let shift = 0;
  const clock = () => new Date(Date.now() + shift);
  const grantkits = [] as Array<ReturnType<typeof createGrantkit>>;
  const newGrantkit = (store?: GrantStore) => {
    const gk = createGrantkit({
      providers: { atomicwork: { baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId, reliability: fastReliability } },
      store,
      clock,
      logger: options.logger,
      scheduler: options.scheduler,
    });
    grantkits.push(gk);
    return gk;
  };
  const grantkit = newGrantkit(options.store);
  const revokeRoute = /^\/api\/v1\/iga\/grants\/[^/]+\/revoke$/;
  return {
    fake,
    grantkit,
    /** A second Grantkit on the same fake and clock (another process, or a restart). */
    newGrantkit,
    /** Moves the Grantkit's wall clock (not the timers): a clock that jumps. */
    shiftClock(ms: number) {
      shift += ms;
    },
    now: () => clock().getTime(),
    request(i: number, window?: { startsAt?: number; endsAt?: number }) {
      return {
        provider: 'atomicwork' as const,
        subject: { userId: String(FIRST_USER + i) },
        target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubEngineering },
        ...(window
          ? { window: { ...(window.startsAt ? { startsAt: new Date(window.startsAt).toISOString() } : {}), ...(window.endsAt ? { endsAt: new Date(window.endsAt).toISOString() } : {}) } }
          : {}),
      };
    },
    /** When the fake revoked the grant of user `i` (epoch ms, the fake's clock), or null. */
    revokedAt(i: number): number | null {
      const grant = fake.state.grantsFor(String(FIRST_USER + i), ATOMICWORK_SEED_IDS.entitlements.githubEngineering).find((g) => g.status === 'REVOKED');
      const event = grant ? fake.state.history.find((h) => h.grantId === grant.id && h.eventType === 'REVOKED') : undefined;
      return event ? Date.parse(event.eventAt) : null;
    },
    /** When the fake created the grant of user `i`, or null. */
    createdAt(i: number): number | null {
      const [grant] = fake.state.grantsFor(String(FIRST_USER + i), ATOMICWORK_SEED_IDS.entitlements.githubEngineering);
      return grant ? Date.parse(grant.createdAt) : null;
    },
    /** Waits (on the fake's history feed, not a sleep) until user `i`'s grant is revoked there. */
    async waitRevoked(i: number, timeoutMs = 5000): Promise<number> {
      return fake.waitUntil(() => this.revokedAt(i), { timeoutMs, what: `the revoke of user ${i}'s grant` });
    },
    async waitCreated(i: number, timeoutMs = 5000): Promise<number> {
      return fake.waitUntil(() => this.createdAt(i), { timeoutMs, what: `the create of user ${i}'s grant` });
    },
    /** Waits until the fake has recorded `n` events of `type` in its history. */
    async waitHistory(type: 'GRANTED' | 'REVOKED', n: number, timeoutMs: number): Promise<void> {
      let seen = 0;
      let scanned = 0;
      await fake.waitUntil(
        () => {
          const h = fake.state.history;
          for (; scanned < h.length; scanned++) if (h[scanned]!.eventType === type) seen++;
          return seen >= n;
        },
        { timeoutMs, what: `${n} ${type} events` },
      );
    },
    /** Revoke requests the fake received (a second one for a grant would be a duplicate write). */
    revokeRequests: () => fake.state.requests.filter((r) => r.method === 'POST' && revokeRoute.test(r.path)).length,
    async close() {
      for (const gk of grantkits) await gk.close();
      await fake.close();
    },
  };
}

export type SchedulerSetup = Awaited<ReturnType<typeof startSchedulerSetup>>;

/** A real store that counts the scheduler's reads of the next due time (how often it wakes). */
export function countingNextDue(store: GrantStore): { store: GrantStore; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'nextDueAt') {
        return () => {
          calls++;
          return target.nextDueAt();
        };
      }
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, calls: () => calls };
}
