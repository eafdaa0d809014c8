/**
 * The one place the test Grantkit is built. INTERIM: main does not have the provider adapters yet,
 * so each provider is a small in-memory ProviderAdapter here, and faults are typed errors it
 * throws. When "Provider adapters" lands, this file switches to createGrantkit over the fakes of
 * @grantkit/testing and nothing else changes.
 */
import {
  createGrantkit,
  ProviderError,
  RateLimitedError,
  TimeoutError,
  type GrantkitError,
  type ProviderAdapter,
  type ProviderName,
  type ProviderState,
} from '../../src/index.js';

/** A string standing in for a provider credential: it must never reach a response. */
export const SECRET = 'sk_test_never_in_a_response_8f3a';

export type FaultKind = 'rate_limited' | 'provider_error' | 'timeout';

export interface TestGrantkit {
  grantkit: ReturnType<typeof createGrantkit>;
  /** A valid grant request body per provider. */
  requests: Record<ProviderName, Record<string, unknown>>;
  /** Makes the next calls to a provider fail: 429 (Retry-After 2 s), a provider 500, or a hang past the timeout. */
  inject(provider: ProviderName, kind: FaultKind): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startTestGrantkit(): Promise<TestGrantkit> {
  const faults = new Map<ProviderName, FaultKind>();
  const adapters = {
    atomicwork: interimAdapter('atomicwork', faults, { nativeWindows: false, update: { window: true, roleKeys: false }, deprovision: true }),
    zitadel: interimAdapter('zitadel', faults, { nativeWindows: false, update: { window: true, roleKeys: true }, deprovision: false }),
    seam: interimAdapter('seam', faults, { nativeWindows: true, update: { window: true, roleKeys: false }, deprovision: false }),
  };
  const grantkit = createGrantkit({ providers: adapters });
  return {
    grantkit,
    requests: {
      atomicwork: { provider: 'atomicwork', subject: { userId: '9007199254740993' }, target: { entitlementId: 17 } },
      zitadel: { provider: 'zitadel', subject: { userId: '2783471918' }, target: { projectId: '2783471900', roleKeys: ['viewer'] } },
      seam: { provider: 'seam', subject: { user: { fullName: 'Ada Guest', email: 'ada@example.com' } }, target: { spaceIds: ['space_1'] }, accessMethods: ['code'] },
    },
    inject: (provider, kind) => void faults.set(provider, kind),
    clearFaults: () => faults.clear(),
    close: () => grantkit.close(),
  };
}

function interimAdapter(name: ProviderName, faults: Map<ProviderName, FaultKind>, caps: Omit<ProviderAdapter['capabilities'], 'provider'>): ProviderAdapter {
  let seq = 0;
  const check = () => {
    const kind = faults.get(name);
    if (kind) throw faultError(name, kind);
  };
  const state = (externalId: string, status: ProviderState['status']): ProviderState => ({ externalId, status, details: {}, requestId: `req_${name}_${seq}` });
  return {
    name,
    capabilities: { provider: name, ...caps },
    async create() {
      check();
      return { ...state(`${name}-${++seq}`, 'active'), outcome: 'created' };
    },
    async find() {
      return null;
    },
    async read(record) {
      return state(record.externalId ?? '', 'active');
    },
    async update(record) {
      check();
      return state(record.externalId ?? '', 'active');
    },
    async revoke(record) {
      check();
      return state(record.externalId ?? '', 'revoked');
    },
    async close() {},
  };
}

function faultError(provider: ProviderName, kind: FaultKind): GrantkitError {
  // The cause carries the secret, as a transport error could; it must not surface.
  const cause = new Error(`Authorization: Bearer ${SECRET}`);
  if (kind === 'rate_limited') return new RateLimitedError(`${provider} rate limited the call.`, { provider, retryAfterMs: 2000, cause });
  if (kind === 'timeout') return new TimeoutError(`${provider} did not answer within 300 ms.`, { provider, outcomeUnknown: false, cause });
  return new ProviderError(`${provider} answered 500.`, { provider, upstreamStatus: 500, cause });
}
