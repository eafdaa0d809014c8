import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZITADEL_SEED } from '@grantkit/testing';
import { requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const CREATE = /^POST \/management\/v1\/users\/\d+\/grants$/;
const SEARCH = /^POST \/management\/v1\/users\/grants\/_search$/;

describe('a create that landed, then failed on the way back', () => {
  it('is found and recorded, never left live and untracked at the provider', async () => {
    // The create is applied but its reply is lost; the retry gets 409 (already exists); the lookup
    // that follows fails on every attempt, so the call ends in a plain ProviderError.
    h.zitadel.faults.add({ route: CREATE, resetAfterProcessingRate: 1, times: 1 });
    h.zitadel.faults.add({ route: SEARCH, errorRate: 1, errorStatus: 503, times: 3 });
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    const atProvider = h.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.bob);
    expect(atProvider).toHaveLength(1);
    expect(grant).toMatchObject({ status: 'active', externalId: atProvider[0]!.id });
  });

  it('still records a refusal of the request (unknown role key) as failed', async () => {
    const result = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['no-such-role'])).catch((e: unknown) => e);
    expect((result as { code?: string }).code).toBe('validation_error');
    const [failed] = await h.grantkit.list({ provider: 'zitadel', status: 'failed' }).toArray({ limit: 5 });
    expect(failed?.subject).toEqual({ userId: ZITADEL_SEED.users.bob });
  });
});
