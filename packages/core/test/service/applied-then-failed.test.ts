import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZITADEL_SEED } from '@grantkit/testing';
import { eventually, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const CREATE = /^POST \/management\/v1\/users\/\d+\/grants$/;
const SEARCH = /^POST \/management\/v1\/users\/grants\/_search$/;

describe('a create that landed, then failed on the way back', () => {
  it('is found and recorded, never left live and untracked at the provider', async () => {
    // An access the store already knows (granted and revoked before): no look before the create.
    const before = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    await h.grantkit.revoke(before.grant.id);
    // The create is applied but its reply is lost; the retry gets 409 (already exists); the lookup
    // that follows fails on every attempt, so the client's call ends in a plain ProviderError.
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

describe('an update that landed, then failed on the way back', () => {
  it('keeps its intent, and the next sweep brings the store in line with the provider', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.alice, ['viewer']));
    // The role change is applied; every read of the grant afterwards fails, so the call fails.
    h.zitadel.faults.add({ route: /^GET \/management\/v1\/users\/\d+\/grants\/\d+$/, errorRate: 1, errorStatus: 503, times: 3 });
    const error = await h.grantkit.update(grant.id, { roleKeys: ['viewer', 'oncall'] }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('provider_error');
    expect(h.zitadel.state.grant(grant.externalId!)!.roleKeys.sort()).toEqual(['oncall', 'viewer']);

    const report = await h.grantkit.sweep(h.advance(1000));
    expect(report.reconciled).toEqual([grant.id]);
    const after = await h.grantkit.get(grant.id);
    expect(after).toMatchObject({ provider: 'zitadel', target: { roleKeys: ['viewer', 'oncall'] } });
    expect((await h.grantkit.sweep(h.advance(1000))).reconciled).toEqual([]);
  });

  it('a refused update leaves no intent behind', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    await expect(h.grantkit.update(grant.id, { roleKeys: ['no-such-role'] })).rejects.toMatchObject({ code: 'validation_error' });
    expect((await h.grantkit.sweep(h.advance(1000))).reconciled).toEqual([]);
    expect(await h.grantkit.get(grant.id)).toMatchObject({ provider: 'zitadel', target: { roleKeys: ['viewer'] } });
  });
});

describe('concurrent changes to one grant', () => {
  it('a second update while one is under way is applied after it: provider and store end on the later one', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    h.zitadel.faults.add({ route: /^PUT \/management\/v1\/users\/\d+\/grants\/\d+$/, latencyMs: 150, times: 1 });
    const [first, second] = await Promise.allSettled([
      h.grantkit.update(grant.id, { roleKeys: ['viewer', 'oncall'] }),
      // The second lands once the first's write is at ZITADEL (held there for 150 ms).
      eventually(async () => h.zitadel.received.some((r) => r.method === 'PUT')).then(() => h.grantkit.update(grant.id, { roleKeys: ['viewer'] })),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'fulfilled', value: { target: { roleKeys: ['viewer'] } } });
    expect(await h.grantkit.get(grant.id)).toMatchObject({ provider: 'zitadel', target: { roleKeys: ['viewer'] } });
    expect(h.zitadel.state.grant(grant.externalId!)!.roleKeys).toEqual(['viewer']);
  });

  it('never lets an update overwrite a pending revoke', async () => {
    const { grant } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.alice, ['viewer']));
    h.zitadel.faults.add({ route: /^DELETE \/management\/v1\/users\/\d+\/grants\/\d+$/, hangRate: 1, times: 3 });
    await expect(h.grantkit.revoke(grant.id)).rejects.toMatchObject({ code: 'timeout' });
    await expect(h.grantkit.update(grant.id, { roleKeys: ['viewer', 'oncall'] })).rejects.toMatchObject({ code: 'conflict' });
    expect((await h.grantkit.sweep(h.advance(1000))).reconciled).toEqual([grant.id]);
    expect((await h.grantkit.get(grant.id)).status).toBe('revoked');
  });
});

describe('an Atomicwork entitlement the user already has', () => {
  it('comes back as existing, without a second grant at Atomicwork', async () => {
    const { ATOMICWORK_SEED_IDS: ids } = await import('@grantkit/testing');
    const request = requests.atomicwork(ids.users.grace, ids.entitlements.githubAdmins);
    const first = await h.grantkit.grant(request);
    const second = await h.grantkit.grant(request);
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('existing');
    expect(second.grant.externalId).toBe(first.grant.externalId);
    expect(h.atomicwork.state.grantsFor(ids.users.grace, ids.entitlements.githubAdmins)).toHaveLength(1);
  });
});
