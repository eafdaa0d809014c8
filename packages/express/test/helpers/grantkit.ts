/**
 * The one place the test Grantkit is built: createGrantkit over the three fakes of
 * @grantkit/testing (real HTTP servers on loopback), wired through the providers' configs as a
 * user would. Faults use the fakes' own fault injection.
 */
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, ZITADEL_SEED, startProviderFakes, type Faults } from '@grantkit/testing';
import { createGrantkit, type ProviderName } from '../../src/index.js';

export type FaultKind = 'rate_limited' | 'provider_error' | 'timeout';

/**
 * Short per-attempt timeout (a hang turns into a 504 quickly), fast backoff, and a Retry-After cap
 * below the fakes' 2 s so a 429 ends the retries and surfaces with its Retry-After.
 */
const reliability = { timeoutMs: 750, maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1000 };

export interface TestGrantkit {
  grantkit: ReturnType<typeof createGrantkit>;
  /** A valid grant request body per provider (seeded users, entitlements, projects, spaces); Seam's is a new guest on every read. */
  requests: Record<ProviderName, Record<string, unknown>>;
  /** Three requests for one subject that no other default request uses, for listing. */
  sameSubject: { userId: string; requests: Array<Record<string, unknown>> };
  /** Every credential the fakes handed out: none may ever reach a response. */
  secrets: string[];
  /** Makes every call to a provider fail: 429 (Retry-After 2 s), a 500 from the provider, or a hang. */
  inject(provider: ProviderName, kind: FaultKind): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startTestGrantkit(): Promise<TestGrantkit> {
  const fakes = await startProviderFakes();
  const { atomicwork, zitadel, seam } = fakes;
  const grantkit = createGrantkit({ providers: fakes.providerConfigs(reliability) });
  const faults: Record<ProviderName, Faults> = { atomicwork: atomicwork.faults, zitadel: zitadel.faults, seam: seam.faults };
  const { users, entitlements } = ATOMICWORK_SEED_IDS;
  let guests = 0;
  return {
    grantkit,
    requests: {
      atomicwork: { provider: 'atomicwork', subject: { userId: users.ada }, target: { entitlementId: entitlements.githubEngineering } },
      zitadel: { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['oncall'] } },
      // A new guest each time: Seam refuses a second user identity with the same email (409).
      get seam() {
        return {
          provider: 'seam',
          subject: { user: { fullName: 'Ada Guest', email: `guest-${++guests}@example.com` } },
          target: { spaceIds: [SEAM_FAKE_SEED.spaces.unit101] },
          accessMethods: ['code'],
        };
      },
    },
    sameSubject: {
      userId: users.grace,
      requests: [entitlements.githubEngineering, entitlements.githubAdmins, entitlements.salesforceUser].map((entitlementId) => ({
        provider: 'atomicwork',
        subject: { userId: users.grace },
        target: { entitlementId },
      })),
    },
    secrets: fakes.secrets,
    inject(provider, kind) {
      if (kind === 'rate_limited') faults[provider].add({ rateLimitedRate: 1, retryAfterSeconds: 2 });
      else if (kind === 'provider_error') faults[provider].add({ errorRate: 1, errorStatus: 500 });
      else faults[provider].add({ hangRate: 1 });
    },
    clearFaults() {
      for (const f of Object.values(faults)) f.clear();
    },
    async close() {
      await grantkit.close();
      await fakes.close();
    },
  };
}
