/**
 * Found by the chaos run: a create that the provider applied, followed by a read-back that failed,
 * was recorded as `failed` while the grant lived on at the provider, untracked. A failed read-back
 * after a done write must not fail the create.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEAM_FAKE_SEED, ZITADEL_SEED } from '@grantkit/testing';
import { requests, startHarness, type Harness } from '../service/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe('a done create whose read-back fails', () => {
  it('zitadel: the grant is recorded with its id, not as failed', async () => {
    h.zitadel.faults.add({ route: /^GET \/management\/v1\/users\/\d+\/grants\/\d+$/, errorRate: 1, times: 10 });
    const { grant, outcome } = await h.grantkit.grant(requests.zitadel(ZITADEL_SEED.users.bob, ['viewer']));
    expect(outcome).toBe('created');
    expect(grant.status).toBe('active');
    const atFake = h.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.bob);
    expect(atFake).toHaveLength(1);
    expect(grant.externalId).toBe(atFake[0]!.id);
    expect(h.zitadel.faults.counters.errors).toBeGreaterThanOrEqual(3);
  });

  it('seam: the grant is recorded pending with its id, and a refresh reads the methods later', async () => {
    h.seam.faults.add({ route: 'GET /access_methods/list', errorRate: 1, times: 10 });
    const { grant, outcome } = await h.grantkit.grant(requests.seam('readback@example.com'));
    expect(outcome).toBe('created');
    expect(grant.status).toBe('pending');
    const atFake = h.seam.state.listAccessGrants(SEAM_FAKE_SEED.workspaceId).filter((g) => g.access_grant_id === grant.externalId);
    expect(atFake).toHaveLength(1);
    expect(h.seam.faults.counters.errors).toBeGreaterThanOrEqual(3);
    h.seam.faults.clear();
    // The fake issues the PIN a moment later: wait for it to say so, then read.
    await h.seam.waitForEvent((e) => e.event_type === 'access_method.issued' && ((e as { access_grant_ids?: string[] }).access_grant_ids ?? []).includes(grant.externalId!));
    expect((await h.grantkit.refresh(grant.id)).status).toBe('active');
  });
});
