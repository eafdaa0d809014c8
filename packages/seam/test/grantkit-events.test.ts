import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeamFake, type SeamFake } from '@grantkit/testing';
import { ConflictError, createDoorAccess, createGrantkit, type DoorAccess, type Grantkit, type GrantStayInput, StayIssueError } from '../src/index.js';
import { eventually, fastReliability, S, signed, startWebhookApp, window } from './helpers.js';

let fake: SeamFake;
let app: Awaited<ReturnType<typeof startWebhookApp>>;
let grantkit: Grantkit;
let doors: DoorAccess;

beforeAll(async () => {
  app = await startWebhookApp({ secret: () => fake.webhookSecret, onEvent: (event) => doors.applyEvent(event) });
  fake = await startSeamFake({ issueDelayMs: 250, webhook: { url: `${app.url}/webhooks/seam` } });
  grantkit = createGrantkit({ providers: { seam: { endpoint: fake.url, apiKey: fake.apiKey, reliability: fastReliability } } });
  doors = createDoorAccess({ seam: { endpoint: fake.url, apiKey: fake.apiKey, reliability: fastReliability }, grantkit, pollIntervalMs: 10 });
});
afterAll(async () => {
  await fake.close();
  await doors.close();
  await grantkit.close();
  await app.close();
});

const stayInput = (reservationKey: string) => ({
  guest: { fullName: 'Gus Grantkit', email: `${reservationKey.toLowerCase()}@example.com` },
  spaces: [S.spaces.unit101],
  ...window(),
  methods: ['code', 'mobile_key'],
  reservationKey,
}) satisfies GrantStayInput;

describe('stays recorded in Grantkit', () => {
  it('records the stay as a grant and follows Seam events to active, with no polling', async () => {
    const stay = await doors.grantStay(stayInput('G-1'));
    expect(stay.grantId).toMatch(/^gr_/);
    expect(stay.status).toBe('pending');
    const recorded = await grantkit.get(stay.grantId!);
    expect(recorded).toMatchObject({ provider: 'seam', externalId: stay.id, status: 'pending' });
    expect(recorded.details.reservationKey).toBe('G-1');
    // Only webhooks (access_method.issued, access_grant.access_granted_to_all_doors -> refresh) move
    // it: nothing else refreshes this grant and there is no scheduler.
    await eventually(async () => (await grantkit.get(stay.grantId!)).status === 'active');
    await eventually(() => app.handled.some((e) => e.event_type === 'access_grant.access_granted_to_all_doors' && 'access_grant_id' in e && e.access_grant_id === stay.id));
    await fake.webhooksIdle();
    expect(fake.webhookDeliveries.every((d) => d.ok)).toBe(true);
    expect((await grantkit.list({ provider: 'seam', externalId: stay.id }).toArray({ limit: 5 })).map((g) => g.id)).toEqual([stay.grantId]);
    expect((await grantkit.history(stay.grantId!)).map((e) => e.action)).toEqual(['requested', 'created', 'updated']);
  });

  it('returns the first stay for the same reservation, and refuses a late retry after checkout', async () => {
    const booking = stayInput('G-2');
    const first = await doors.grantStay(booking, { waitForIssued: { timeoutMs: 3000 } });
    expect(first.status).toBe('active');
    expect((await grantkit.get(first.grantId!)).status).toBe('active');
    const again = await doors.grantStay(booking);
    expect([again.id, again.grantId, again.outcome]).toEqual([first.id, first.grantId, 'existing']);
    expect(fake.state.listAccessGrants().filter((g) => g.reservation_key === 'G-2')).toHaveLength(1);

    const later = new Date(Date.parse(first.endsAt!) + 86_400_000);
    expect((await doors.extendStay(first.grantId!, { endsAt: later })).endsAt).toBe(later.toISOString());
    expect((await grantkit.get(first.grantId!)).window.endsAt).toBe(later.toISOString());

    expect(await doors.endStay('G-2')).toEqual({ id: first.id, outcome: 'ended' });
    expect((await grantkit.get(first.grantId!)).status).toBe('revoked');
    // Gone at Seam now: by its Seam id it is a stay that has ended; an id that never was one is not.
    expect(await doors.endStay(first.id)).toEqual({ id: first.id, outcome: 'already_ended' });
    expect(await doors.endStay('0d9f8e7c-never-a-stay')).toEqual({ id: null, outcome: 'already_ended' });
    const late = await doors.grantStay(booking).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ConflictError);
    expect((late as Error).message).toContain('has ended (revoked)');
    expect((late as Error).message).not.toMatch(/gr_/);
    expect(fake.state.listAccessGrants().filter((g) => g.reservation_key === 'G-2')).toHaveLength(0);
  });

  it("refuses another request under a reservation key in use, the guest's name included, revealing nothing", async () => {
    const booking = stayInput('G-6');
    const first = await doors.grantStay(booking, { waitForIssued: { timeoutMs: 3000 } });
    expect(first.codes).toHaveLength(1);
    expect((await grantkit.get(first.grantId!)).reason).toMatch(/^stay G-6 \(request [\w-]{32}\)$/);
    const identities = fake.state.userIdentities.size;
    const others: GrantStayInput[] = [
      { ...booking, guest: { fullName: 'Mallory Other', email: booking.guest.email } }, // the same guest identity, another name
      { ...booking, guest: { fullName: 'Mallory Other', email: 'mallory@example.com' } },
      { ...booking, spaces: [S.spaces.building] },
      { ...booking, methods: ['code'] },
    ];
    for (const other of others) {
      const error = await doors.grantStay(other).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      const text = `${String(error)} ${JSON.stringify(error)}`;
      for (const secret of [first.id, first.grantId!, first.codes[0]!, first.userIdentityId, booking.guest.email, 'gr_']) expect(text).not.toContain(secret);
    }
    // Refused before any write: no identity for Mallory, no second grant.
    expect(fake.state.userIdentities.size).toBe(identities);
    expect(await grantkit.list({ provider: 'seam', userIdentityId: first.userIdentityId }).toArray({ limit: 10 })).toHaveLength(1);
    const again = await doors.grantStay(booking);
    expect([again.outcome, again.id, again.codes]).toEqual(['existing', first.id, first.codes]);
  });

  it('gives a new reservation to one of two different requests sent at once, and a 409 to the other', async () => {
    const results = await Promise.allSettled(['Ann First', 'Bo Second'].map((fullName, i) => doors.grantStay({ ...stayInput('G-8'), guest: { fullName, email: `g-8-${i}@example.com` } })));
    const [won, lost] = [results.filter((r) => r.status === 'fulfilled'), results.filter((r) => r.status === 'rejected')];
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(fake.state.listAccessGrants().filter((g) => g.reservation_key === 'G-8')).toHaveLength(1);
  });

  it("keeps refusing, through Grantkit's own check, once the stay's access grant is gone at Seam", async () => {
    const booking = stayInput('G-7');
    const first = await doors.grantStay(booking);
    fake.state.deleteAccessGrant(first.id);
    const error = await doors.grantStay({ ...booking, guest: { fullName: 'Late Mallory', email: 'late.mallory@example.com' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain('Reservation G-7 already has a stay made from a different request');
    expect((error as Error).message).not.toContain(first.grantId!);
  });

  it('puts a lost door on the grant as a warning', async () => {
    const stay = await doors.grantStay(stayInput('G-3'), { waitForIssued: { timeoutMs: 3000 } });
    fake.state.getAccessGrant(stay.id)!.warnings.push({
      warning_code: 'underprovisioned_access',
      message: 'Access to the Garage entrance was lost.',
      created_at: new Date().toISOString(),
    });
    // The fake never emits access_to_door_lost itself: send it as Seam would, signed with the endpoint secret.
    const body = JSON.stringify({
      event_id: crypto.randomUUID(),
      event_type: 'access_grant.access_to_door_lost',
      workspace_id: fake.workspaceId,
      created_at: new Date().toISOString(),
      occurred_at: new Date().toISOString(),
      access_grant_id: stay.id,
      acs_entrance_id: S.acsEntrances.garage,
    });
    const res = await fetch(`${app.url}/webhooks/seam`, { method: 'POST', headers: signed(fake.webhookSecret, body), body });
    expect(res.status).toBe(200);
    const grant = await grantkit.get(stay.grantId!);
    expect(grant.status).toBe('active');
    expect(grant.details.warnings).toEqual(['underprovisioned_access']);
    expect(grant.details.warningDetails).toEqual([{ code: 'underprovisioned_access', message: 'Access to the Garage entrance was lost.' }]);
  });

  it('marks the grant revoked when the access grant is deleted in Seam', async () => {
    const stay = await doors.grantStay(stayInput('G-4'), { waitForIssued: { timeoutMs: 3000 } });
    fake.state.deleteAccessGrant(stay.id);
    await eventually(async () => (await grantkit.get(stay.grantId!)).status === 'revoked');
    expect((await grantkit.history(stay.grantId!)).at(-1)).toMatchObject({ action: 'drift_detected' });
    expect(await doors.endStay(stay.grantId!)).toEqual({ id: stay.id, outcome: 'already_ended' });
  });

  it('records a stay Seam cannot issue as failed', async () => {
    const error = await doors
      .grantStay({ ...stayInput('G-5'), spaces: [S.spaces.storage], methods: ['code'] }, { waitForIssued: { timeoutMs: 3000 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StayIssueError);
    const [grant] = await grantkit.list({ provider: 'seam', externalId: (error as StayIssueError).stayId }).toArray({ limit: 1 });
    expect(grant!.status).toBe('failed');
    expect(await doors.endStay(grant!.id)).toEqual({ id: grant!.externalId, outcome: 'ended' });
    expect((await grantkit.get(grant!.id)).status).toBe('revoked');
    expect(fake.state.getAccessGrant(grant!.externalId!)).toBeUndefined();
  });
});
