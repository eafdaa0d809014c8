/**
 * Keeps the fake (and our client) from drifting from the real API: every reply body the fake
 * sends for access_grants, access_methods, user_identities, spaces and action_attempts is
 * validated against the OpenAPI response schema Seam publishes in @seamapi/types, and every
 * request our client sends against the published request schema. Where they disagree, the
 * published schema wins: fix the fake or the client, not this test.
 */
import { SEAM_FAKE_SEED as S, type SeamFake } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import type { SeamClient } from '../../src/providers/seam/index.js';
import { inDays, seamSetup, waitFor } from './helpers.js';
import { queryAsParams, validateComponent, validateRequest, validateResponse } from './openapi.js';

const COVERED = [
  '/access_grants/create',
  '/access_grants/get',
  '/access_grants/list',
  '/access_grants/update',
  '/access_grants/delete',
  '/access_grants/request_access_methods',
  '/access_methods/list',
  '/access_methods/get',
  '/access_methods/delete',
  '/user_identities/create',
  '/user_identities/get',
  '/user_identities/list',
  '/user_identities/update',
  '/user_identities/delete',
  '/spaces/create',
  '/spaces/get',
  '/spaces/list',
  '/spaces/update',
  '/spaces/delete',
  '/spaces/add_devices',
  '/spaces/add_acs_entrances',
  '/action_attempts/get',
];

/** Calls every route through the client, in states that fill optional fields (issued, failed, being deleted). */
async function exerciseEverything(client: SeamClient, fake: SeamFake): Promise<void> {
  const jane = await client.userIdentities.create({ fullName: 'Jane Roe', emailAddress: 'jane.roe@example.com', userIdentityKey: 'jane-roe', phoneNumber: '+15555550123' });
  await client.userIdentities.get({ userIdentityId: jane.user_identity_id });
  await client.userIdentities.get({ userIdentityKey: 'jane-roe' });
  await client.userIdentities.update({ userIdentityId: jane.user_identity_id, fullName: 'Jane R. Roe' });
  await client.userIdentities.list({ limit: 1, search: 'j' }).toArray({ limit: 10 });

  const space = await client.spaces.create({ name: 'Suite 5', spaceKey: 'suite-5', deviceIds: [S.devices.frontDoor] });
  await client.spaces.addDevices({ spaceId: space.space_id, deviceIds: [S.devices.unitDoor] });
  await client.spaces.addAcsEntrances({ spaceId: space.space_id, acsEntranceIds: [S.acsEntrances.lobby] });
  await client.spaces.update({ spaceId: space.space_id, name: 'Suite 5A' });
  await client.spaces.get({ spaceKey: 'suite-5' });
  await client.spaces.list({ limit: 2 }).toArray({ limit: 50 });

  const { accessGrant } = await client.accessGrants.create(
    {
      userIdentityId: jane.user_identity_id,
      spaceIds: [space.space_id, S.spaces.storage],
      requestedAccessMethods: [{ mode: 'code', code: '4821' }, { mode: 'card' }, { mode: 'mobile_key' }],
      startsAt: new Date(),
      endsAt: inDays(3),
      name: 'Stay 42',
      reservationKey: 'res-42',
    },
    { idempotencyKey: 'stay-42' },
  );
  const inline = await client.accessGrants.create({
    userIdentity: { fullName: 'Guest Two', emailAddress: 'guest2@example.com', phoneNumber: '+15555550999', userIdentityKey: 'guest-2' },
    acsEntranceIds: [S.acsEntrances.garage],
    deviceIds: [S.devices.unitDoor],
    requestedAccessMethods: [{ mode: 'cloud_key' }],
    endsAt: null,
  });
  // A PIN on a lock without keypad: errors[] on the grant and the access method.
  const failing = await client.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.storage], requestedAccessMethods: [{ mode: 'code' }] });
  await waitFor(() => fake.state.accessMethodsOf(failing.accessGrant.access_grant_id).every((m) => m.errors.length > 0 || m.is_issued));
  await waitFor(() => fake.state.accessMethodsOf(accessGrant.access_grant_id).every((m) => m.is_issued));

  await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
  await client.accessGrants.get({ accessGrantKey: accessGrant.access_grant_key ?? '' });
  await client.accessGrants.get({ accessGrantId: failing.accessGrant.access_grant_id });
  await client.accessGrants.update({ accessGrantId: accessGrant.access_grant_id, endsAt: inDays(4), name: 'Stay 42 (extended)' });
  await client.accessGrants.update({ accessGrantKey: accessGrant.access_grant_key ?? '', startsAt: inDays(1) });
  await client.accessGrants.requestAccessMethods({ accessGrantId: inline.accessGrant.access_grant_id, requestedAccessMethods: [{ mode: 'code' }] });
  await client.accessGrants.list({ limit: 1 }).toArray({ limit: 100 });
  await client.accessGrants.list({ userIdentityId: jane.user_identity_id, spaceId: space.space_id, reservationKey: 'res-42', accessGrantIds: [accessGrant.access_grant_id] }).toArray({ limit: 10 });

  const methods = await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 });
  for (const m of methods) await client.accessMethods.get({ accessMethodId: m.access_method_id });
  await client.accessMethods.list({ spaceId: S.spaces.storage }).toArray({ limit: 10 });
  await client.accessMethods.delete({ accessMethodId: methods[1]?.access_method_id ?? '' });
  await client.actionAttempts.get({ actionAttemptId: S.actionAttemptId });

  // being_deleted is visible while deleteDelayMs runs.
  await client.accessGrants.delete(accessGrant.access_grant_id);
  await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
  await client.accessMethods.list({ accessGrantId: accessGrant.access_grant_id }).toArray({ limit: 10 });
  await client.accessMethods.delete({ accessGrantId: inline.accessGrant.access_grant_id });
  await client.accessGrants.delete(inline.accessGrant.access_grant_id);
  await client.spaces.delete(space.space_id);
  await client.userIdentities.delete(jane.user_identity_id);
}

describe('Seam fake and client conform to the published OpenAPI (@seamapi/types)', () => {
  it('every reply and every request of every covered route matches the published schemas', async () => {
    const { client, fake } = await seamSetup({ deleteDelayMs: 150, issueDelayMs: 10 });
    await exerciseEverything(client, fake);

    const seen = new Set(fake.requests.map((r) => r.path));
    expect(COVERED.filter((p) => !seen.has(p))).toEqual([]);
    const failures: string[] = [];
    for (const r of fake.requests) {
      expect(r.status, `${r.method} ${r.path}: ${JSON.stringify(r.body)}`).toBe(200);
      const res = validateResponse(r.path, r.body);
      if (!res.valid) failures.push(`reply of ${r.method} ${r.path}:\n${res.errors}\n${JSON.stringify(r.body)}`);
      const params = r.rawBody ? JSON.parse(r.rawBody) : queryAsParams(r.path, r.query);
      const req = validateRequest(r.path, params);
      if (!req.valid) failures.push(`request of ${r.method} ${r.path}:\n${req.errors}\n${JSON.stringify(params)}`);
    }
    expect(failures).toEqual([]);
  });

  it('every event the fake emits matches the published event schema', async () => {
    const { client, fake } = await seamSetup({ issueDelayMs: 5 });
    const grant = await client.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building, S.spaces.storage], requestedAccessMethods: [{ mode: 'code' }, { mode: 'card' }] });
    await client.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.storage], requestedAccessMethods: [{ mode: 'code' }] });
    await waitFor(() => fake.events.some((e) => e.event_type === 'access_method.failed_to_issue') && fake.events.some((e) => e.event_type === 'access_grant.access_granted_to_all_doors'));
    await client.accessGrants.update({ accessGrantId: grant.accessGrant.access_grant_id, endsAt: inDays(9) });
    // An open end: the event schema types ends_at as a string, so the event must not carry null.
    await client.accessGrants.update({ accessGrantId: grant.accessGrant.access_grant_id, endsAt: null });
    await client.accessGrants.delete(grant.accessGrant.access_grant_id);
    const types = new Set(fake.events.map((e) => e.event_type));
    expect([...types].sort()).toEqual(
      [
        'access_grant.access_granted_to_all_doors',
        'access_grant.access_times_changed',
        'access_grant.could_not_create_requested_access_methods',
        'access_grant.created',
        'access_grant.deleted',
        'access_method.created',
        'access_method.deleted',
        'access_method.failed_to_issue',
        'access_method.issued',
        'access_method.revoked',
      ].sort(),
    );
    expect(fake.events.filter((e) => e.event_type === 'access_grant.access_times_changed')).toHaveLength(2);
    const bad = fake.events.map((e) => ({ e, v: validateComponent('event', e) })).filter((x) => !x.v.valid);
    expect(bad.map((x) => `${x.e.event_type}: ${x.v.errors}`)).toEqual([]);
  });

  it('the validator does reject a reply that breaks the published schema', async () => {
    const { client } = await seamSetup();
    const { accessGrant } = await client.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: [{ mode: 'card' }] });
    const ok = { access_grant: accessGrant, ok: true };
    expect(validateResponse('/access_grants/get', ok).valid).toBe(true);
    const { pending_mutations: _dropped, ...withoutMutations } = accessGrant;
    expect(validateResponse('/access_grants/get', { access_grant: withoutMutations, ok: true }).errors).toMatch(/pending_mutations/);
    expect(validateResponse('/access_grants/get', { access_grant: { ...accessGrant, ends_at: 'tomorrow' }, ok: true }).valid).toBe(false);
    expect(validateRequest('/access_grants/create', { user_identity_id: S.userIdentity.id, requested_access_methods: [{ mode: 'code', code: '123' }] }).valid).toBe(false);
    // Both an id and an inline identity: the published oneOf refuses it.
    expect(validateRequest('/access_grants/create', { user_identity_id: S.userIdentity.id, user_identity: {}, requested_access_methods: [] }).valid).toBe(false);
  });
});
