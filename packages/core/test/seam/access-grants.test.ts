import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/errors.js';
import { inDays, seamSetup, waitFor } from './helpers.js';

const base = { userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building] };

describe('SeamClient accessGrants against the fake', () => {
  it('creates a grant with one access method per mode, and they become issued', async () => {
    // Long enough that the "not yet issued" read below cannot lose the race on a loaded machine.
    const { client, fake } = await seamSetup({ issueDelayMs: 400 });
    const { accessGrant, outcome } = await client.accessGrants.create({
      ...base,
      requestedAccessMethods: [{ mode: 'code', code: '246810' }, { mode: 'card' }, { mode: 'mobile_key' }],
      startsAt: new Date(),
      endsAt: inDays(2),
      name: 'Weekend stay',
      reservationKey: 'res-1',
    });
    expect(outcome).toBe('created');
    expect(accessGrant.access_method_ids).toHaveLength(3);
    expect(accessGrant.requested_access_methods.map((r) => r.mode)).toEqual(['code', 'card', 'mobile_key']);
    expect(accessGrant.name).toBe('Weekend stay');
    expect(accessGrant.access_grant_key).toMatch(/^gk_[A-Za-z0-9_-]{32}$/);
    expect(accessGrant.instant_key_url).toMatch(/^https:\/\//);
    const request = fake.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(JSON.parse(request?.rawBody ?? '{}')).toMatchObject({ user_identity_id: S.userIdentity.id, space_ids: [S.spaces.building], reservation_key: 'res-1' });

    const methods = await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 });
    expect(methods.every((m) => !m.is_issued)).toBe(true);
    const issued = await waitFor(async () => {
      const list = await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 });
      return list.every((m) => m.is_issued) ? list : undefined;
    });
    expect(issued.find((m) => m.mode === 'code')?.code).toBe('246810');
    expect(issued.find((m) => m.mode === 'mobile_key')?.instant_key_url).toBe(accessGrant.instant_key_url);
    const one = await client.accessMethods.get({ accessMethodId: issued[0]?.access_method_id ?? '' });
    expect(one.issued_at).toEqual(expect.any(String));
  });

  it('creates with an inline user identity', async () => {
    const { client } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({
      userIdentity: { fullName: 'Sam Guest', emailAddress: 'sam@example.com' },
      acsEntranceIds: [S.acsEntrances.lobby],
      deviceIds: [S.devices.frontDoor],
      requestedAccessMethods: [{ mode: 'card' }],
    });
    const identity = await client.userIdentities.get({ userIdentityId: accessGrant.user_identity_id });
    expect(identity).toMatchObject({ full_name: 'Sam Guest', email_address: 'sam@example.com' });
  });

  it('gets by id and by key, sends reads as GET with query parameters', async () => {
    const { client, fake } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'card' }], accessGrantKey: 'booking-77' });
    expect(accessGrant.access_grant_key).toBe('booking-77');
    expect((await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id })).access_grant_id).toBe(accessGrant.access_grant_id);
    expect((await client.accessGrants.get({ accessGrantKey: 'booking-77' })).access_grant_id).toBe(accessGrant.access_grant_id);
    const reads = fake.requests.filter((r) => r.path === '/access_grants/get');
    expect(reads.map((r) => [r.method, r.query.toString(), r.rawBody])).toEqual([
      ['GET', `access_grant_id=${accessGrant.access_grant_id}`, ''],
      ['GET', 'access_grant_key=booking-77', ''],
    ]);
    await expect(client.accessGrants.get({ accessGrantKey: 'nope' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists with every filter and walks the pages to the end', async () => {
    const { client, fake } = await seamSetup();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const spaceIds = i % 2 === 0 ? [S.spaces.building] : [S.spaces.unit101];
      const { accessGrant } = await client.accessGrants.create({ ...base, spaceIds, requestedAccessMethods: [{ mode: 'card' }], reservationKey: `r${i % 3}` });
      ids.push(accessGrant.access_grant_id);
    }
    const all = await client.accessGrants.list({ limit: 2 }).toArray({ limit: 100 });
    expect(all.map((g) => g.access_grant_id)).toEqual(ids);
    expect(fake.requests.filter((r) => r.path === '/access_grants/list')).toHaveLength(4);
    const page = await client.accessGrants.list({ limit: 3 }).firstPage();
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toEqual(expect.any(String));

    const bySpace = await client.accessGrants.list({ spaceId: S.spaces.unit101 }).toArray({ limit: 100 });
    expect(bySpace).toHaveLength(3);
    expect(await client.accessGrants.list({ deviceId: S.devices.unitDoor }).toArray({ limit: 100 })).toHaveLength(3);
    expect(await client.accessGrants.list({ acsEntranceId: S.acsEntrances.lobby }).toArray({ limit: 100 })).toHaveLength(4);
    expect(await client.accessGrants.list({ acsSystemId: S.acsSystemId }).toArray({ limit: 100 })).toHaveLength(7);
    expect(await client.accessGrants.list({ reservationKey: 'r0' }).toArray({ limit: 100 })).toHaveLength(3);
    expect(await client.accessGrants.list({ accessGrantIds: [ids[0] ?? '', ids[6] ?? ''] }).toArray({ limit: 100 })).toHaveLength(2);
    expect(await client.accessGrants.list({ userIdentityId: S.userIdentity.id, limit: 1 }).toArray({ limit: 100 })).toHaveLength(7);
    expect(await client.accessGrants.list({ accessCodeId: S.devices.frontDoor }).toArray({ limit: 100 })).toHaveLength(0);
    expect(await client.accessGrants.list({ customerKey: 'nobody' }).toArray({ limit: 100 })).toHaveLength(0);
    const withKey = await client.accessGrants.list({ accessGrantKey: all[2]?.access_grant_key ?? '' }).toArray({ limit: 100 });
    expect(withKey.map((g) => g.access_grant_id)).toEqual([ids[2]]);
    const listReq = fake.requests.filter((r) => r.path === '/access_grants/list').at(-1);
    expect(listReq?.method).toBe('GET');
  });

  it('updates the time window and name with PATCH, and rejects ends_at before starts_at', async () => {
    const { client, fake } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'card' }], endsAt: inDays(1) });
    const endsAt = inDays(5);
    await client.accessGrants.update({ accessGrantId: accessGrant.access_grant_id, endsAt, name: 'Longer stay' });
    expect(fake.requests.at(-1)?.method).toBe('PATCH');
    const after = await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
    expect(after).toMatchObject({ ends_at: endsAt, name: 'Longer stay' });
    expect(fake.events.some((e) => e.event_type === 'access_grant.access_times_changed' && e.access_grant_id === accessGrant.access_grant_id)).toBe(true);
    // The server checks the window against the stored starts_at too.
    await expect(client.accessGrants.update({ accessGrantId: accessGrant.access_grant_id, endsAt: new Date(Date.parse(after.starts_at) - 60_000) })).rejects.toMatchObject({
      code: 'validation_error',
      issues: [expect.objectContaining({ path: 'ends_at' })],
    });
  });

  it('requests more access methods on an existing grant', async () => {
    const { client } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'card' }] });
    const updated = await client.accessGrants.requestAccessMethods({ accessGrantId: accessGrant.access_grant_id, requestedAccessMethods: [{ mode: 'code' }] });
    expect(updated.access_method_ids).toHaveLength(2);
    expect(updated.requested_access_methods.map((r) => r.mode)).toEqual(['card', 'code']);
  });

  it('deletes with DELETE; a grant already gone is a success; being_deleted shows meanwhile', async () => {
    const { client, fake } = await seamSetup({ deleteDelayMs: 100 });
    const { accessGrant } = await client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'card' }] });
    expect(await client.accessGrants.delete(accessGrant.access_grant_id)).toEqual({ outcome: 'deleted' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', rawBody: '' });
    const deleting = await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
    expect(deleting.warnings.map((w) => w.warning_code)).toContain('being_deleted');
    await waitFor(() => !fake.state.getAccessGrant(accessGrant.access_grant_id));
    expect(await client.accessGrants.delete({ accessGrantId: accessGrant.access_grant_id })).toEqual({ outcome: 'already_deleted' });
    await expect(client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('treats a grant deleted behind its back as already deleted', async () => {
    const { client, fake } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ ...base, requestedAccessMethods: [{ mode: 'card' }] });
    expect(fake.state.deleteAccessGrant(accessGrant.access_grant_id)).toBe(true);
    expect(await client.accessGrants.delete(accessGrant.access_grant_id)).toEqual({ outcome: 'already_deleted' });
  });

  it('reports a PIN that cannot be issued on a lock without keypad', async () => {
    const { client, fake } = await seamSetup({ issueDelayMs: 5 });
    const { accessGrant } = await client.accessGrants.create({ ...base, spaceIds: [S.spaces.storage], requestedAccessMethods: [{ mode: 'code' }] });
    const failed = await waitFor(async () => {
      const g = await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
      return g.errors.length > 0 ? g : undefined;
    });
    expect(failed.errors[0]).toMatchObject({ error_code: 'cannot_create_requested_access_methods', missing_device_ids: [S.devices.noKeypadDevice] });
    const [method] = await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 5 });
    expect(method?.errors.map((e) => e.error_code)).toEqual(['failed_to_issue']);
    expect(fake.events.map((e) => e.event_type)).toContain('access_method.failed_to_issue');
  });
});
