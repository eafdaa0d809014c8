/**
 * All three fakes at once, and the provider configs that point a Grantkit at them: what an
 * integration test (or the example app's demo mode) needs before it calls createGrantkit.
 */
import { startAtomicworkFake, type AtomicworkFake, type AtomicworkFakeOptions } from './atomicwork/server.js';
import { startSeamFake, type SeamFake, type SeamFakeOptions } from './seam/fake.js';
import { startZitadelFake, type ZitadelFake, type ZitadelFakeOptions } from './zitadel/index.js';

export interface ProviderFakesOptions {
  /** Default: `revocationDelayMs: 20`, so full deprovisioning completes quickly in tests. */
  atomicwork?: AtomicworkFakeOptions;
  /** Default: `{}` (the ZITADEL fake's own defaults). */
  zitadel?: ZitadelFakeOptions;
  /** Default: `issueDelayMs: 20`, so access methods are issued quickly in tests. */
  seam?: SeamFakeOptions;
}

/** The shape of `createGrantkit({ providers })` for the three fakes (plain data: no core import). */
export interface FakeProviderConfigs {
  atomicwork: { baseUrl: string; apiKey: string; workspaceId: string; reliability?: Record<string, unknown> };
  zitadel: { issuer: string; orgId: string; personalAccessToken: string; reliability?: Record<string, unknown> };
  seam: { endpoint: string; apiKey: string; reliability?: Record<string, unknown> };
}

export interface ProviderFakes {
  atomicwork: AtomicworkFake;
  zitadel: ZitadelFake;
  seam: SeamFake;
  /** Provider configs for createGrantkit: API keys for Atomicwork and Seam, the PAT for ZITADEL. */
  providerConfigs(reliability?: Record<string, unknown>): FakeProviderConfigs;
  /** Every credential the fakes handed out, for tests that scan output for secrets. */
  secrets: string[];
  close(): Promise<void>;
}

export async function startProviderFakes(options: ProviderFakesOptions = {}): Promise<ProviderFakes> {
  const [atomicwork, zitadel, seam] = await Promise.all([
    startAtomicworkFake({ revocationDelayMs: 20, ...options.atomicwork }),
    startZitadelFake(options.zitadel),
    startSeamFake({ issueDelayMs: 20, ...options.seam }),
  ]);
  return {
    atomicwork,
    zitadel,
    seam,
    providerConfigs: (reliability) => {
      const extra = reliability ? { reliability } : {};
      return {
        atomicwork: { baseUrl: atomicwork.url, apiKey: atomicwork.apiKey, workspaceId: atomicwork.workspaceId, ...extra },
        zitadel: { issuer: zitadel.url, orgId: zitadel.orgId, personalAccessToken: zitadel.pat, ...extra },
        seam: { endpoint: seam.url, apiKey: seam.apiKey, ...extra },
      };
    },
    secrets: [atomicwork.apiKey, zitadel.pat, seam.apiKey, seam.pat, seam.webhookSecret],
    close: async () => {
      await Promise.all([atomicwork.close(), zitadel.close(), seam.close()]);
    },
  };
}
