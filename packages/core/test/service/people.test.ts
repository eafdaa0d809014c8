/**
 * People: `personId` on grant requests, `list({ personId })`, and `revokeAll` of one person across
 * every provider, with its report and its safety on a second call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED } from '@grantkit/testing';
import { HOUR, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const { users, entitlements } = ATOMICWORK_SEED_IDS;

async function onboard(personId: string) {
  const gk = h.grantkit;
  const app = await gk.grant({ ...requests.atomicwork(users.ada, entitlements.githubEngineering), personId });
  const roles = await gk.grant({ ...requests.zitadel(ZITADEL_SEED.users.alice, ['oncall']), personId });
  const door = await gk.grant({ ...requests.seam('ada.person@example.com'), personId });
  const later = await gk.grant({
    ...requests.zitadel(ZITADEL_SEED.users.alice, ['admin']),
    personId,
    window: { startsAt: new Date(h.now().getTime() + HOUR).toISOString(), endsAt: new Date(h.now().getTime() + 2 * HOUR).toISOString() },
  });
  return { app: app.grant, roles: roles.grant, door: door.grant, later: later.grant };
}

describe('people', () => {
  it('lists the grants of one person', async () => {
    const ada = await onboard('person-ada');
    const other = await h.grantkit.grant({ ...requests.atomicwork(users.grace), personId: 'person-grace' });
    const listed = await h.grantkit.list({ personId: 'person-ada' }).toArray({ limit: 10 });
    expect(listed.map((g) => g.id).sort()).toEqual([ada.app.id, ada.roles.id, ada.door.id, ada.later.id].sort());
    expect(listed.every((g) => g.personId === 'person-ada')).toBe(true);
    expect((await h.grantkit.list({ personId: 'person-grace' }).toArray({ limit: 10 })).map((g) => g.id)).toEqual([other.grant.id]);
  });

  it('revokeAll takes everything away, reports grant by grant, and keeps what another grant still gives', async () => {
    const ada = await onboard('person-ada');
    // Someone else's grant on the same ZITADEL user grant: revoking Ada's oncall must leave theirs.
    const shared = await h.grantkit.grant({ ...requests.zitadel(ZITADEL_SEED.users.alice, ['viewer']), personId: 'team-lead' });
    const gone = await h.grantkit.grant({ ...requests.atomicwork(users.ada, entitlements.githubAdmins), personId: 'person-ada' });
    await h.grantkit.revoke(gone.grant.id);

    const report = await h.grantkit.revokeAll({ personId: 'person-ada' }, { reason: 'last day', requestedBy: 'hr' });
    expect(report.personId).toBe('person-ada');
    const byId = new Map(report.grants.map((e) => [e.grantId, e]));
    expect(byId.get(ada.app.id)).toMatchObject({ outcome: 'revoked', status: 'revoked', provider: 'atomicwork' });
    expect(byId.get(ada.door.id)).toMatchObject({ outcome: 'revoked', status: 'revoked', provider: 'seam' });
    expect(byId.get(ada.roles.id)).toMatchObject({ outcome: 'kept', status: 'revoked', keptBy: shared.grant.id });
    expect(byId.get(ada.later.id)).toMatchObject({ outcome: 'revoked', status: 'revoked' });
    expect(byId.get(gone.grant.id)).toMatchObject({ outcome: 'ended', status: 'revoked' });
    expect(report.grants).toHaveLength(5);

    expect(h.atomicwork.state.grantsFor(users.ada, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(0);
    expect(h.seam.state.listAccessGrants().find((g) => g.access_grant_id === ada.door.externalId)).toBeUndefined();
    const zitadel = h.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice);
    expect(zitadel.map((g) => g.roleKeys)).toEqual([['viewer']]);
    expect((await h.grantkit.history(ada.app.id)).at(-1)).toMatchObject({ action: 'revoked', actor: 'hr', reason: 'last day' });
    // The scheduled one never reaches ZITADEL when its start comes.
    await h.grantkit.sweep(h.advance(HOUR + 1000));
    expect(h.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice).map((g) => g.roleKeys)).toEqual([['viewer']]);
  });

  it('reports a provider failure with its typed error, and a second call after it finishes the job', async () => {
    const ada = await onboard('person-bob');
    h.atomicwork.faults.add({ route: /\/revoke$/, errorRate: 1, errorStatus: 503 });
    const first = await h.grantkit.revokeAll({ personId: 'person-bob' });
    const failed = first.grants.find((e) => e.grantId === ada.app.id)!;
    expect(failed).toMatchObject({ outcome: 'failed', provider: 'atomicwork' });
    expect(failed.error).toMatchObject({ code: 'provider_error' });
    expect(first.grants.filter((e) => e.outcome === 'revoked').map((e) => e.grantId).sort()).toEqual([ada.roles.id, ada.door.id, ada.later.id].sort());
    expect(h.atomicwork.state.grantsFor(users.ada, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(1);

    h.atomicwork.faults.clear();
    const second = await h.grantkit.revokeAll({ personId: 'person-bob' });
    expect(second.grants.find((e) => e.grantId === ada.app.id)).toMatchObject({ outcome: 'revoked', status: 'revoked' });
    expect(second.grants.filter((e) => e.grantId !== ada.app.id).every((e) => e.outcome === 'ended')).toBe(true);
    expect(h.atomicwork.state.grantsFor(users.ada, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(0);
  });

  it('writes every intent before any provider call: a sweep finishes what a stopped revokeAll left', async () => {
    const ada = await onboard('person-carol');
    h.seam.faults.add({ hangRate: 1 });
    const first = await h.grantkit.revokeAll({ personId: 'person-carol' });
    expect(first.grants.find((e) => e.grantId === ada.door.id)).toMatchObject({ outcome: 'failed', error: expect.objectContaining({ code: 'timeout' }) });
    expect((await h.grantkit.get(ada.door.id)).status).not.toBe('revoked');
    h.seam.faults.clear();
    await h.grantkit.sweep(h.advance(60_000));
    expect((await h.grantkit.get(ada.door.id)).status).toBe('revoked');
    expect(h.seam.state.listAccessGrants().find((g) => g.access_grant_id === ada.door.externalId)).toBeUndefined();
  });

  it('refuses a bad personId naming the field, and an unknown person is an empty report', async () => {
    await expect(h.grantkit.revokeAll({ personId: '' })).rejects.toMatchObject({ code: 'validation_error', issues: expect.arrayContaining([expect.objectContaining({ path: 'personId' })]) });
    await expect(h.grantkit.revokeAll({} as never)).rejects.toMatchObject({ code: 'validation_error' });
    await expect(h.grantkit.grant({ ...requests.atomicwork(), personId: 'has space' })).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: 'personId' })]) });
    expect(await h.grantkit.revokeAll({ personId: 'nobody' })).toEqual({ personId: 'nobody', grants: [] });
  });
});
