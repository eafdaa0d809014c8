import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { seamSetup } from './helpers.js';

describe('SeamClient userIdentities against the fake', () => {
  it('creates, gets by id and key, lists to the end, updates and deletes', async () => {
    const { client, fake } = await seamSetup();
    const created = [];
    for (let i = 0; i < 4; i++) {
      created.push(await client.userIdentities.create({ fullName: `Guest ${i}`, emailAddress: `guest${i}@example.com`, userIdentityKey: `guest-${i}` }));
    }
    expect(created[0]).toMatchObject({ full_name: 'Guest 0', display_name: 'Guest 0', user_identity_key: 'guest-0', workspace_id: S.workspaceId });
    expect((await client.userIdentities.get({ userIdentityKey: 'guest-2' })).user_identity_id).toBe(created[2]?.user_identity_id);
    const all = await client.userIdentities.list({ limit: 2 }).toArray({ limit: 100 });
    expect(all.map((u) => u.user_identity_id)).toEqual([S.userIdentity.id, ...created.map((u) => u.user_identity_id)]);
    expect(await client.userIdentities.list({ search: 'guest3@' }).toArray({ limit: 10 })).toHaveLength(1);
    expect(await client.userIdentities.list({ userIdentityIds: [S.userIdentity.id], createdBefore: new Date() }).toArray({ limit: 10 })).toHaveLength(1);
    const id = created[1]?.user_identity_id ?? '';
    await client.userIdentities.update({ userIdentityId: id, fullName: 'Renamed', phoneNumber: '+15555550111' });
    expect(fake.requests.at(-1)?.method).toBe('PATCH');
    expect(await client.userIdentities.get({ userIdentityId: id })).toMatchObject({ full_name: 'Renamed', phone_number: '+15555550111' });
    expect(await client.userIdentities.delete(id)).toEqual({ outcome: 'deleted' });
    expect(fake.requests.at(-1)?.method).toBe('DELETE');
    expect(await client.userIdentities.delete({ userIdentityId: id })).toEqual({ outcome: 'already_deleted' });
    await expect(client.userIdentities.get({ userIdentityId: id })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('SeamClient spaces against the fake', () => {
  it('creates, gets, lists to the end, updates, adds devices and entrances, deletes', async () => {
    const { client, fake } = await seamSetup();
    const space = await client.spaces.create({ name: 'Pool house', spaceKey: 'pool', deviceIds: [S.devices.frontDoor], customerKey: 'cust-1' });
    expect(space).toMatchObject({ name: 'Pool house', device_count: 1, acs_entrance_count: 0, space_key: 'pool' });
    await client.spaces.addDevices({ spaceId: space.space_id, deviceIds: [S.devices.unitDoor, S.devices.frontDoor] });
    await client.spaces.addAcsEntrances({ spaceId: space.space_id, acsEntranceIds: [S.acsEntrances.garage] });
    expect(fake.requests.slice(-2).map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(await client.spaces.get({ spaceKey: 'pool' })).toMatchObject({ device_count: 2, acs_entrance_count: 1 });
    const renamed = await client.spaces.update({ spaceId: space.space_id, name: 'Pool cabana' });
    expect(renamed.name).toBe('Pool cabana');
    const all = await client.spaces.list({ limit: 1 }).toArray({ limit: 100 });
    expect(all.map((s) => s.space_id)).toEqual([S.spaces.building, S.spaces.unit101, S.spaces.storage, space.space_id]);
    expect(await client.spaces.list({ customerKey: 'cust-1' }).toArray({ limit: 10 })).toHaveLength(1);
    expect(await client.spaces.list({ search: 'cabana' }).toArray({ limit: 10 })).toHaveLength(1);
    const unknownDevice = '00000000-0000-4000-8000-00000000d001';
    await expect(client.spaces.addDevices({ spaceId: space.space_id, deviceIds: [unknownDevice] })).rejects.toMatchObject({
      code: 'validation_error',
      issues: [{ path: 'device_ids', message: `Device ${unknownDevice} not found` }],
    });
    expect(await client.spaces.delete(space.space_id)).toEqual({ outcome: 'deleted' });
    expect(fake.requests.at(-1)?.method).toBe('DELETE');
    expect(await client.spaces.delete({ spaceId: space.space_id })).toEqual({ outcome: 'already_deleted' });
  });
});

describe('SeamClient accessMethods and actionAttempts against the fake', () => {
  it('lists by several filters, gets, deletes one and all of a grant', async () => {
    const { client, fake } = await seamSetup({ issueDelayMs: 5 });
    const { accessGrant } = await client.accessGrants.create({
      userIdentityId: S.userIdentity.id,
      spaceIds: [S.spaces.unit101],
      requestedAccessMethods: [{ mode: 'code' }, { mode: 'card' }, { mode: 'mobile_key' }],
      reservationKey: 'res-9',
    });
    const byGrant = await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 });
    expect(byGrant.map((m) => m.mode)).toEqual(['code', 'card', 'mobile_key']);
    expect(await client.accessMethods.list({ accessGrantKey: accessGrant.access_grant_key ?? '' }).toArray({ limit: 10 })).toHaveLength(3);
    expect(await client.accessMethods.list({ deviceId: S.devices.unitDoor }).toArray({ limit: 10 })).toHaveLength(3);
    expect(await client.accessMethods.list({ acsEntranceId: S.acsEntrances.lobby }).toArray({ limit: 10 })).toHaveLength(0);
    expect(await client.accessMethods.list({ spaceId: S.spaces.unit101 }).toArray({ limit: 10 })).toHaveLength(3);
    const first = byGrant[0]?.access_method_id ?? '';
    expect((await client.accessMethods.get({ accessMethodId: first })).mode).toBe('code');
    expect(await client.accessMethods.delete({ accessMethodId: first })).toEqual({ outcome: 'deleted' });
    expect(await client.accessMethods.delete({ accessMethodId: first })).toEqual({ outcome: 'already_deleted' });
    expect(await client.accessMethods.delete({ reservationKey: 'res-9' })).toEqual({ outcome: 'deleted' });
    expect(await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 })).toHaveLength(0);
    expect(fake.events.filter((e) => e.event_type === 'access_method.deleted')).toHaveLength(3);
  });

  it('gets an action attempt', async () => {
    const { client } = await seamSetup();
    expect(await client.actionAttempts.get({ actionAttemptId: S.actionAttemptId })).toMatchObject({ action_type: 'UNLOCK_DOOR', status: 'success' });
    await expect(client.actionAttempts.get({ actionAttemptId: '00000000-0000-4000-8000-0000000000aa' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
