import { ZITADEL_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError } from '../../src/index.js';
import { setup } from './helpers.js';

const { alice, bob, carol } = S.users;

describe.each(['v1', 'v2'] as const)('ZitadelClient on api %s', (api) => {
  it('adds a grant and reads it back in the one normalised shape', async () => {
    const { client, fake } = await setup(api);
    const { grant, outcome } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer', 'oncall'] });
    expect(outcome).toBe('created');
    expect(grant).toMatchObject({ userId: alice, projectId: S.projectId, organizationId: S.orgId, roleKeys: ['viewer', 'oncall'], state: 'ACTIVE' });
    expect(grant.id).toMatch(/^\d{18}$/);
    expect(grant.creationDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(fake.state.grant(grant.id)?.roleKeys).toEqual(['viewer', 'oncall']);
    // raw keeps the wire object of the API version
    if (api === 'v1') expect(grant.raw).toMatchObject({ state: 'USER_GRANT_STATE_ACTIVE', details: { sequence: expect.any(String) } });
    else expect(grant.raw).toMatchObject({ state: 'STATE_ACTIVE', roles: [{ key: 'viewer' }, { key: 'oncall' }] });

    const got = await client.getGrant({ userId: alice, grantId: grant.id });
    expect(got).toMatchObject({ id: grant.id, roleKeys: ['viewer', 'oncall'] });
    expect(await client.getGrant({ userId: alice, grantId: '399999999999999999' })).toBeUndefined();
  });

  it('grant twice -> one grant holding the union of role keys (409 path)', async () => {
    const statuses: number[] = [];
    const { client, fake } = await setup(api, { hooks: { onResponse: (e) => statuses.push(e.status) } });
    const first = await client.addGrant({ userId: bob, projectId: S.projectId, roleKeys: ['viewer'] });
    const again = await client.addGrant({ userId: bob, projectId: S.projectId, roleKeys: ['viewer'] });
    expect(again).toMatchObject({ outcome: 'existing', grant: { id: first.grant.id } });
    const more = await client.addGrant({ userId: bob, projectId: S.projectId, roleKeys: ['oncall', 'viewer'] });
    expect(more.outcome).toBe('updated');
    expect(more.grant.id).toBe(first.grant.id);
    expect(more.grant.roleKeys.sort()).toEqual(['oncall', 'viewer']);
    const stored = fake.state.grants().filter((g) => g.userId === bob);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.roleKeys.sort()).toEqual(['oncall', 'viewer']);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
  });

  it('grants on a granted project in the partner org', async () => {
    const { client } = await setup(api);
    const input =
      api === 'v1'
        ? { userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, organizationId: S.partnerOrgId, roleKeys: ['viewer'] }
        : { userId: carol, projectId: S.projectId, organizationId: S.partnerOrgId, roleKeys: ['viewer'] };
    const { grant } = await client.addGrant(input);
    expect(grant.organizationId).toBe(S.partnerOrgId);
    if (api === 'v1') expect(grant.projectGrantId).toBe(S.projectGrantId);
    const again = await client.addGrant({ ...input, roleKeys: ['oncall'] });
    expect(again).toMatchObject({ outcome: 'updated', grant: { id: grant.id } });
    const found = await client.findGrant({ userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, organizationId: S.partnerOrgId });
    expect(found?.id).toBe(grant.id);
  });

  it('lists with filters and walks offset/limit pages to the end', async () => {
    const { client } = await setup(api);
    const ids: string[] = [];
    for (const [userId, roles] of [[alice, ['admin']], [bob, ['viewer']]] as const) {
      ids.push((await client.addGrant({ userId, projectId: S.projectId, roleKeys: [...roles] })).grant.id);
    }
    const { grant: partner } = await client.addGrant({
      userId: carol, projectId: S.projectId, projectGrantId: S.projectGrantId, organizationId: S.partnerOrgId, roleKeys: ['oncall'],
    });
    // org scoping: the client's org only, unless another org is named
    const all = await client.listGrants({ pageSize: 1 }).toArray({ limit: 100 });
    expect(all.map((g) => g.id)).toEqual(ids);
    const paginator = client.listGrants({ pageSize: 1 });
    const first = await paginator.firstPage();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await paginator.page(first.nextCursor);
    expect(second.items[0]!.id).toBe(ids[1]);
    expect(second.nextCursor).toBeNull();

    expect((await client.listGrants({ userId: bob }).toArray({ limit: 10 })).map((g) => g.id)).toEqual([ids[1]]);
    expect((await client.listGrants({ roleKey: 'admin' }).toArray({ limit: 10 })).map((g) => g.id)).toEqual([ids[0]]);
    expect(await client.listGrants({ projectId: S.projectId }).toArray({ limit: 10 })).toHaveLength(2);
    const partnerList = await client.listGrants({ organizationId: S.partnerOrgId, projectGrantId: S.projectGrantId }).toArray({ limit: 10 });
    expect(partnerList.map((g) => g.id)).toEqual([partner.id]);

    await client.deactivate({ userId: bob, grantId: ids[1]! });
    expect((await client.listGrants({ state: 'INACTIVE', pageSize: 1 }).toArray({ limit: 10 })).map((g) => g.id)).toEqual([ids[1]]);
    expect((await client.listGrants({ state: 'ACTIVE' }).toArray({ limit: 10 })).map((g) => g.id)).toEqual([ids[0]]);
  });

  it('updates role keys (replace), and an unchanged set is a success', async () => {
    const { client, fake } = await setup(api);
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer', 'oncall'] });
    await client.updateRoleKeys({ userId: alice, grantId: grant.id, roleKeys: ['admin'] });
    expect(fake.state.grant(grant.id)?.roleKeys).toEqual(['admin']);
    await client.updateRoleKeys({ userId: alice, grantId: grant.id, roleKeys: ['admin'] });
    expect(fake.state.grant(grant.id)?.roleKeys).toEqual(['admin']);
  });

  it('deactivates and reactivates; already in that state is a success', async () => {
    const { client, fake } = await setup(api);
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
    await client.deactivate({ userId: alice, grantId: grant.id });
    expect(fake.state.grant(grant.id)?.state).toBe('INACTIVE');
    await client.deactivate({ userId: alice, grantId: grant.id });
    expect((await client.getGrant({ userId: alice, grantId: grant.id }))?.state).toBe('INACTIVE');
    // a deactivated grant still holds the unique constraint: adding again finds it
    expect(await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] })).toMatchObject({
      outcome: 'existing',
      grant: { id: grant.id, state: 'INACTIVE' },
    });
    await client.reactivate({ userId: alice, grantId: grant.id });
    await client.reactivate({ userId: alice, grantId: grant.id });
    expect(fake.state.grant(grant.id)?.state).toBe('ACTIVE');
  });

  it('a state change on a grant that does not exist is a NotFoundError', async () => {
    const { client } = await setup(api);
    const error = await client.deactivate({ userId: alice, grantId: '399999999999999999' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('removes; removing a grant already gone (even behind our back) is a success; re-adding works', async () => {
    const { client, fake } = await setup(api);
    const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
    await client.removeGrant({ userId: alice, grantId: grant.id });
    expect(fake.state.grant(grant.id)).toBeUndefined();
    await client.removeGrant({ userId: alice, grantId: grant.id });

    const second = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
    expect(second.outcome).toBe('created');
    expect(fake.state.deleteGrant(second.grant.id)).toBe(true);
    await expect(client.removeGrant({ userId: alice, grantId: second.grant.id })).resolves.toBeUndefined();
    expect(await client.findGrant({ userId: alice, projectId: S.projectId })).toBeUndefined();
  });

  if (api === 'v1') {
    it('bulk removes, all or nothing', async () => {
      const { client, fake } = await setup(api);
      const a = (await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] })).grant.id;
      const b = (await client.addGrant({ userId: bob, projectId: S.projectId, roleKeys: ['viewer'] })).grant.id;
      const error = await client.bulkRemove([a, '399999999999999999']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toMatch(/removed none/);
      expect(fake.state.grants()).toHaveLength(2);
      await client.bulkRemove([a, b, a]);
      expect(fake.state.grants()).toHaveLength(0);
    });
  } else {
    it('bulkRemove is a ConfigError on v2 and sends nothing', async () => {
      const { client, fake } = await setup(api);
      const before = fake.state.stats.apiRequests;
      const error = await client.bulkRemove(['300000000000100001']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/only on api v1/);
      expect(fake.state.stats.apiRequests).toBe(before);
    });
  }
});
