/**
 * The stays helper only ever acts on stays (Seam access grants made for a reservation): handed
 * the id of any other grant, a ZITADEL grant above all, it finds no stay and changes nothing. A
 * role given only the stays API must never reach other grants through it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderFakes, ZITADEL_SEED, type ProviderFakes } from '@grantkit/testing';
import { createDoorAccess, createGrantkit, type DoorAccess, type Grant, type Grantkit, NotFoundError } from '../src/index.js';
import { fastReliability, S, window } from './helpers.js';

let fakes: ProviderFakes;
let grantkit: Grantkit;
let doors: DoorAccess;
let direct: DoorAccess;

beforeAll(async () => {
  fakes = await startProviderFakes();
  grantkit = createGrantkit({ providers: fakes.providerConfigs(fastReliability) });
  const seam = fakes.providerConfigs(fastReliability).seam;
  doors = createDoorAccess({ seam, grantkit, pollIntervalMs: 10 });
  direct = createDoorAccess({ seam, pollIntervalMs: 10 });
});
afterAll(async () => {
  await doors.close();
  await direct.close();
  await grantkit.close();
  await fakes.close();
});

/** Every way in: the three that change something, and the read. */
async function expectNoStay(stays: DoorAccess, ref: string) {
  expect(await stays.endStay(ref)).toEqual({ id: null, outcome: 'already_ended' });
  await expect(stays.getStay(ref)).rejects.toBeInstanceOf(NotFoundError);
  const later = window(72, 1);
  await expect(stays.extendStay(ref, { endsAt: later.endsAt })).rejects.toBeInstanceOf(NotFoundError);
  await expect(stays.moveStay(ref, later)).rejects.toBeInstanceOf(NotFoundError);
}

async function expectUntouched(before: Grant) {
  const after = await grantkit.get(before.id);
  expect(after.status).toBe(before.status);
  expect(after.window).toEqual(before.window);
  expect((await grantkit.history(before.id)).map((e) => e.action)).toEqual(['requested', 'created']);
}

describe('a grant that is no stay', () => {
  it('a ZITADEL grant, by its id: no stay, not revoked, not moved', async () => {
    const { grant } = await grantkit.grant({ provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['admin'] } });
    expect(grant.status).toBe('active');
    await expectNoStay(doors, grant.id);
    await expectNoStay(direct, grant.id);
    await expectUntouched(grant);
    expect(fakes.zitadel.state.grant(grant.externalId!)).toBeDefined();
  });

  it('a Seam grant made without a reservation, by its grant id and by its Seam id', async () => {
    const { grant } = await grantkit.grant({ provider: 'seam', subject: { user: { fullName: 'Door Only', email: 'door.only@example.com' } }, target: { spaceIds: [S.spaces.unit101] }, accessMethods: ['code'] });
    await expectNoStay(doors, grant.id);
    await expectNoStay(doors, grant.externalId!);
    await expectNoStay(direct, grant.externalId!);
    expect(fakes.seam.state.getAccessGrant(grant.externalId!)).toBeDefined();
    expect((await doors.listStays({ space: S.spaces.unit101 }).toArray({ limit: 100 })).map((s) => s.id)).not.toContain(grant.externalId);
    // Gone at Seam behind our back: still not a stay's record, so endStay leaves it to the sweeps.
    fakes.seam.state.deleteAccessGrant(grant.externalId!);
    expect(await doors.endStay(grant.externalId!)).toEqual({ id: null, outcome: 'already_ended' });
    expect((await grantkit.history(grant.id)).map((e) => e.action)).not.toContain('revoke_requested');
  });

  it('while a stay, by its grant id, still ends (the check is no blanket refusal)', async () => {
    const stay = await doors.grantStay({ guest: { fullName: 'Real Guest' }, spaces: [S.spaces.unit101], ...window(), methods: ['code'], reservationKey: 'SCOPE-1' });
    expect(await doors.endStay(stay.grantId!)).toEqual({ id: stay.id, outcome: 'ended' });
    expect((await grantkit.get(stay.grantId!)).status).toBe('revoked');
  });
});
