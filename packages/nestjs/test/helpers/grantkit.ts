/**
 * The one place the tests build their Grantkit options. Interim: a small in-memory ZITADEL-shaped
 * ProviderAdapter, until the real provider clients and @grantkit/testing fakes are on main.
 */
import {
  MemoryGrantStore,
  type GrantRecord,
  type GrantRequest,
  type ProviderAdapter,
  type ProviderState,
} from '@grantkit/core';
import type { GrantkitModuleOptions } from '../../src/index.js';

export interface TestSetup {
  /** Options for forRoot / a forRootAsync factory: providers and store, scheduler disabled. */
  options: GrantkitModuleOptions;
  /** A valid body for POST /grants. */
  grantRequest: Record<string, unknown>;
  /** Whether the provider clients and the store were closed. */
  closed(): { providers: boolean; store: boolean };
  /** Stops whatever the setup started (fake servers). */
  stop(): Promise<void>;
}

class ClosableMemoryStore extends MemoryGrantStore {
  isClosed = false;
  override async close(): Promise<void> {
    this.isClosed = true;
    await super.close();
  }
}

function inMemoryZitadel(): ProviderAdapter & { isClosed: boolean } {
  const grants = new Map<string, ProviderState>();
  let next = 1;
  return {
    name: 'zitadel',
    isClosed: false,
    capabilities: { provider: 'zitadel', nativeWindows: false, update: { window: false, roleKeys: true }, deprovision: false },
    async create(_request: GrantRequest) {
      const state: ProviderState = { externalId: `ug_${next++}`, status: 'active', details: {} };
      grants.set(state.externalId, state);
      return { ...state, outcome: 'created' as const };
    },
    async find() {
      return null;
    },
    async read(record: GrantRecord) {
      return grants.get(record.externalId ?? '') ?? null;
    },
    async update(record: GrantRecord) {
      return grants.get(record.externalId ?? '')!;
    },
    async revoke(record: GrantRecord) {
      grants.delete(record.externalId ?? '');
      return { externalId: record.externalId ?? '', status: 'revoked', details: {} };
    },
    async close() {
      this.isClosed = true;
    },
  };
}

export async function startTestSetup(): Promise<TestSetup> {
  const store = new ClosableMemoryStore();
  const zitadel = inMemoryZitadel();
  return {
    options: { providers: { zitadel }, store, scheduler: { enabled: false } },
    grantRequest: {
      provider: 'zitadel',
      subject: { userId: 'user-1' },
      target: { projectId: 'project-1', roleKeys: ['admin'] },
    },
    closed: () => ({ providers: zitadel.isClosed, store: store.isClosed }),
    stop: async () => {},
  };
}
