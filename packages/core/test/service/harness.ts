import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, ZITADEL_SEED, startProviderFakes } from '@grantkit/testing';
import { createGrantkit, type GrantStore, type GrantkitLogger } from '../../src/index.js';

export const HOUR = 3600_000;

/** Short timeouts and backoffs so fault cases finish quickly. */
export const fastReliability = { timeoutMs: 1000, maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };

/**
 * The three fakes on loopback and a Grantkit wired to them through provider configs, with a clock
 * the test moves by hand.
 */
export async function startHarness(options: { store?: GrantStore; leaseMs?: number; logger?: GrantkitLogger } = {}) {
  const fakes = await startProviderFakes();
  const { atomicwork, zitadel, seam } = fakes;
  let now = Date.now();
  const grantkit = createGrantkit({
    providers: fakes.providerConfigs(fastReliability),
    store: options.store,
    leaseMs: options.leaseMs,
    logger: options.logger,
    clock: () => new Date(now),
  });
  return {
    grantkit,
    atomicwork,
    zitadel,
    seam,
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
      return new Date(now);
    },
    async close() {
      await grantkit.close();
      await fakes.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const requests = {
  atomicwork: (userId: string = ATOMICWORK_SEED_IDS.users.ada, entitlementId: string = ATOMICWORK_SEED_IDS.entitlements.githubEngineering) => ({
    provider: 'atomicwork' as const,
    subject: { userId },
    target: { entitlementId },
  }),
  zitadel: (userId: string = ZITADEL_SEED.users.alice, roleKeys: string[] = ['oncall']) => ({
    provider: 'zitadel' as const,
    subject: { userId },
    target: { projectId: ZITADEL_SEED.projectId, roleKeys },
  }),
  seam: (email = 'guest@example.com') => ({
    provider: 'seam' as const,
    subject: { user: { fullName: 'Guest Example', email } },
    target: { spaceIds: [SEAM_FAKE_SEED.spaces.unit101] },
    accessMethods: ['code' as const],
  }),
};

/** Polls `check` until it is true or `timeoutMs` passes (bounded). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}
