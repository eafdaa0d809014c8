/**
 * The one place the tests build their Grantkit options: the three provider fakes from
 * @grantkit/testing on loopback, wired through createGrantkit provider configs (the module builds
 * real provider clients with real connection pools from them).
 */
import { startAtomicworkFake, startSeamFake, startZitadelFake, ZITADEL_SEED } from '@grantkit/testing';
import { MemoryGrantStore } from '@grantkit/core';
import type { GrantkitModuleOptions } from '../../src/index.js';

export interface TestSetup {
  /** Options for forRoot / a forRootAsync factory: the three providers and a store, scheduler disabled. */
  options: GrantkitModuleOptions;
  /** A valid body for POST /grants (ZITADEL role keys on the seed project). */
  grantRequest: Record<string, unknown>;
  /** Whether the store was closed. */
  storeClosed(): boolean;
  /** Closes the fakes. */
  stop(): Promise<void>;
}

class ClosableMemoryStore extends MemoryGrantStore {
  isClosed = false;
  override async close(): Promise<void> {
    this.isClosed = true;
    await super.close();
  }
}

const reliability = { timeoutMs: 2000, maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 };

export async function startTestSetup(): Promise<TestSetup> {
  const [atomicwork, zitadel, seam] = await Promise.all([
    startAtomicworkFake({ revocationDelayMs: 20 }),
    startZitadelFake(),
    startSeamFake({ issueDelayMs: 20 }),
  ]);
  const store = new ClosableMemoryStore();
  return {
    options: {
      providers: {
        atomicwork: { baseUrl: atomicwork.url, apiKey: atomicwork.apiKey, workspaceId: atomicwork.workspaceId, reliability },
        zitadel: { issuer: zitadel.url, orgId: zitadel.orgId, personalAccessToken: zitadel.pat, reliability },
        seam: { endpoint: seam.url, apiKey: seam.apiKey, reliability },
      },
      store,
      scheduler: { enabled: false },
    },
    grantRequest: {
      provider: 'zitadel',
      subject: { userId: ZITADEL_SEED.users.alice },
      target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['oncall'] },
    },
    storeClosed: () => store.isClosed,
    stop: async () => {
      await Promise.all([atomicwork.close(), zitadel.close(), seam.close()]);
    },
  };
}
