import type { ProviderAdapter } from '../../src/service/adapter.js';
import { ProviderError } from '../../src/errors.js';

/** An in-memory ZITADEL-like adapter for the API tests; `fail` makes the next call throw. */
export function stubAdapter(): ProviderAdapter & { fail: Error | undefined; calls: number } {
  let seq = 0;
  const adapter = {
    name: 'zitadel' as const,
    capabilities: { provider: 'zitadel' as const, nativeWindows: false, update: { window: true, roleKeys: true }, deprovision: false },
    fail: undefined as Error | undefined,
    calls: 0,
    async create() {
      adapter.calls++;
      if (adapter.fail) throw adapter.fail;
      return { externalId: `ext-${++seq}`, status: 'active' as const, details: {}, outcome: 'created' as const };
    },
    async find() {
      return null;
    },
    async read() {
      return null;
    },
    async update(record: { externalId: string | null }) {
      if (adapter.fail) throw adapter.fail;
      return { externalId: record.externalId ?? '', status: 'active' as const, details: {} };
    },
    async revoke(record: { externalId: string | null }) {
      if (adapter.fail) throw adapter.fail;
      return { externalId: record.externalId ?? '', status: 'revoked' as const, details: {} };
    },
    async close() {},
  };
  return adapter;
}

export const providerDown = () => new ProviderError('ZITADEL answered 500.', { provider: 'zitadel', upstreamStatus: 500 });
