/**
 * The one place the tests build their Grantkit options: the three provider fakes from
 * @grantkit/testing on loopback, wired through createGrantkit provider configs (the module builds
 * real provider clients with real connection pools from them).
 */
import { startProviderFakes, ZITADEL_SEED } from '@grantkit/testing';
import { MemoryGrantStore } from '@grantkit/core';
import type { GrantkitModuleOptions, ZitadelGrantRequestInput } from '../../src/index.js';

export interface TestSetup {
  /** Options for forRoot / a forRootAsync factory: the three providers and a store, scheduler disabled. */
  options: GrantkitModuleOptions;
  /** A valid body for POST /grants (ZITADEL role keys on the seed project). */
  grantRequest: ZitadelGrantRequestInput;
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
  const fakes = await startProviderFakes();
  const store = new ClosableMemoryStore();
  return {
    options: {
      providers: fakes.providerConfigs(reliability),
      store,
      scheduler: { enabled: false },
    },
    grantRequest: {
      provider: 'zitadel',
      subject: { userId: ZITADEL_SEED.users.alice },
      target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['oncall'] },
    },
    storeClosed: () => store.isClosed,
    stop: () => fakes.close(),
  };
}
