import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeamFake, type SeamFake } from '@grantkit/testing';
import { AuthError, ConfigError, ConflictError, createDoorAccess, type DoorAccess, type GrantStayInput, NotFoundError, StayIssueError, TimeoutError, ValidationError } from '../src/index.js';
import { fastReliability, S, window } from './helpers.js';

let fake: SeamFake;
let doors: DoorAccess;
beforeAll(async () => {
  fake = await startSeamFake({ issueDelayMs: 30 });
  doors = createDoorAccess({ seam: { endpoint: fake.url, apiKey: fake.apiKey, reliability: fastReliability }, pollIntervalMs: 10 });
});
afterAll(async () => {
  await doors.close();
  await fake.close();
});

const grantsOf = (reservationKey: string) => fake.state.listAccessGrants().filter((g) => g.reservation_key === reservationKey);

describe('a whole stay without Grantkit', () => {
  it('grants code + mobile key, waits until issued, extends, ends', async () => {
    const w = window();
    const stay = await doors.grantStay(
      { guest: { fullName: 'Ada Guest', email: 'ada.guest@example.com' }, spaces: [S.spaces.unit101], ...w, methods: ['code', 'mobile_key'], reservationKey: 'R-1001' },
      { waitForIssued: { timeoutMs: 3000 } },
    );
    expect(stay.outcome).toBe('created');
    expect(stay.status).toBe('active');
    expect(stay.reservationKey).toBe('R-1001');
    expect(stay.codes).toHaveLength(1);
    expect(stay.codes[0]).toMatch(/^\d{4,9}$/);
    expect(stay.instantKeyUrl).toMatch(/^https:\/\//);
    expect(stay.accessMethods.map((m) => [m.mode, m.issued])).toEqual([['code', true], ['mobile_key', true]]);
    expect(stay.startsAt).toBe(w.startsAt.toISOString());
    const seamGrant = fake.state.getAccessGrant(stay.id)!;
    expect(seamGrant.reservation_key).toBe('R-1001');
    expect(fake.state.userIdentities.get(seamGrant.user_identity_id)!.email_address).toBe('ada.guest@example.com');

    const checkout = new Date(w.endsAt.getTime() + 24 * 3600_000);
    const extended = await doors.extendStay('R-1001', { endsAt: checkout });
    expect(extended.endsAt).toBe(checkout.toISOString());
    expect(fake.state.getAccessGrant(stay.id)!.ends_at).toBe(checkout.toISOString());

    const later = window(48, 1);
    const moved = await doors.moveStay(stay.id, later);
    expect([moved.startsAt, moved.endsAt]).toEqual([later.startsAt.toISOString(), later.endsAt.toISOString()]);

    expect((await doors.getStay({ reservationKey: 'R-1001' })).id).toBe(stay.id);
    expect((await doors.listStays({ reservationKey: 'R-1001' }).toArray({ limit: 10 })).map((s) => s.id)).toEqual([stay.id]);
    expect((await doors.listStays({ guest: { email: 'ada.guest@example.com' } }).toArray({ limit: 10 })).map((s) => s.id)).toEqual([stay.id]);
    expect((await doors.listStays({ space: S.spaces.unit101 }).toArray({ limit: 50 })).map((s) => s.id)).toContain(stay.id);

    expect(await doors.endStay({ reservationKey: 'R-1001' })).toEqual({ id: stay.id, outcome: 'ended' });
    expect(fake.state.getAccessGrant(stay.id)).toBeUndefined();
    expect(await doors.endStay('R-1001')).toEqual({ id: null, outcome: 'already_ended' });
    expect(await doors.endStay(stay.id)).toMatchObject({ outcome: 'already_ended' });
    await expect(doors.getStay(stay.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('returns the stay pending, without codes, when not asked to wait', async () => {
    const stay = await doors.grantStay({ guest: { fullName: 'Pat Pending' }, spaces: [S.spaces.building], ...window(), methods: ['code'], reservationKey: 'R-pending' });
    expect(stay.status).toBe('pending');
    expect(stay.codes).toEqual([]);
  });
});

describe('the same reservation twice', () => {
  it('returns the first stay and makes no second grant', async () => {
    const input = { guest: { fullName: 'Bo Retry', email: 'bo@example.com' }, spaces: [S.spaces.unit101], ...window(), methods: ['code'], reservationKey: 'R-2002' } satisfies GrantStayInput;
    const first = await doors.grantStay(input);
    const second = await doors.grantStay(input);
    expect(second.id).toBe(first.id);
    expect([first.outcome, second.outcome]).toEqual(['created', 'existing']);
    expect(grantsOf('R-2002')).toHaveLength(1);
  });

  it('makes one grant and one guest when two retries race', async () => {
    const input = { guest: { fullName: 'Cy Race', phone: '+15555550199' }, devices: [S.devices.frontDoor], ...window(), methods: ['code'], reservationKey: 'R-race' } satisfies GrantStayInput;
    const [a, b] = await Promise.all([doors.grantStay(input), doors.grantStay(input)]);
    expect(a.id).toBe(b.id);
    expect(grantsOf('R-race')).toHaveLength(1);
    expect([...fake.state.userIdentities.values()].filter((u) => u.phone_number === '+15555550199')).toHaveLength(1);
  });

  it('reuses a returning guest for a new reservation', async () => {
    const guest = { fullName: 'Di Return', email: 'di@example.com' };
    const one = await doors.grantStay({ guest, spaces: [S.spaces.unit101], ...window(), methods: ['code'], reservationKey: 'R-di-1' });
    const two = await doors.grantStay({ guest, spaces: [S.spaces.unit101], ...window(100), methods: ['code'], reservationKey: 'R-di-2' });
    expect(two.id).not.toBe(one.id);
    expect(two.userIdentityId).toBe(one.userIdentityId);
  });
});

describe('a reservation key used by another request', () => {
  it("never hands out another guest's stay: the key alone is a 409 that reveals nothing, made before any write", async () => {
    const w = window(5);
    const alice = { guest: { fullName: 'Alice Reuse', email: 'alice.reuse@example.com' }, spaces: [S.spaces.unit101], ...w, methods: ['code'], reservationKey: 'R-reuse' } satisfies GrantStayInput;
    const first = await doors.grantStay(alice, { waitForIssued: { timeoutMs: 3000 } });
    expect(first.codes).toHaveLength(1);
    const identities = fake.state.userIdentities.size;
    const mallory = { guest: { fullName: 'Mallory', email: 'mallory@example.com' }, spaces: [S.spaces.building], ...w, methods: ['code'], reservationKey: 'R-reuse' } satisfies GrantStayInput;
    const changes: GrantStayInput[] = [
      mallory,
      { ...alice, guest: { ...alice.guest, fullName: 'Alice R. Reuse' } },
      { ...alice, spaces: [S.spaces.building] },
      { ...alice, methods: ['code', 'mobile_key'] },
      { ...alice, endsAt: new Date(w.endsAt.getTime() + 24 * 3600_000) },
      { ...alice, name: 'Suite 101' },
    ];
    for (const other of changes) {
      const error = await doors.grantStay(other).catch((e: unknown) => e);
      expect(error, JSON.stringify(other)).toBeInstanceOf(ConflictError);
      const text = `${String(error)} ${JSON.stringify(error)}`;
      for (const secret of [first.id, first.codes[0]!, first.userIdentityId, 'alice', 'Alice']) expect(text).not.toContain(secret);
    }
    expect(grantsOf('R-reuse')).toHaveLength(1);
    expect(fake.state.userIdentities.size).toBe(identities);
    // The same request is the retry, keys in another order and the dates as ISO strings included.
    const { reservationKey, methods, ...rest } = alice;
    const again = await doors.grantStay({ reservationKey, methods, ...rest, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() });
    expect([again.outcome, again.id, again.codes]).toEqual(['existing', first.id, first.codes]);
  });

  it('lets a new stay take a reservation whose stay has ended', async () => {
    const input = { guest: { fullName: 'Ann Again' }, spaces: [S.spaces.unit101], ...window(), methods: ['code'], reservationKey: 'R-ended' } satisfies GrantStayInput;
    const first = await doors.grantStay(input);
    await doors.endStay(first.id);
    const next = await doors.grantStay({ ...input, spaces: [S.spaces.building] });
    expect(next.outcome).toBe('created');
    expect(next.id).not.toBe(first.id);
  });
});

describe('failures', () => {
  it('surfaces a door that cannot take codes, naming it', async () => {
    const error = await doors
      .grantStay({ guest: { fullName: 'Ed Storage' }, spaces: [S.spaces.storage], ...window(), methods: ['code'], reservationKey: 'R-storage' }, { waitForIssued: { timeoutMs: 3000 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StayIssueError);
    const e = error as StayIssueError;
    expect(e.failedDoors).toEqual([{ deviceId: S.devices.noKeypadDevice }]);
    expect(e.failedModes).toEqual(['code']);
    expect(e.message).toContain(S.devices.noKeypadDevice);
    expect(e.message).toContain('R-storage');
    const stay = await doors.getStay(e.stayId);
    expect(stay.status).toBe('failed');
    expect(stay.errors[0]).toMatchObject({ code: 'cannot_create_requested_access_methods', deviceIds: [S.devices.noKeypadDevice] });
  });

  it('rejects bad input before any call, naming the fields', async () => {
    const before = fake.requests.length;
    const error = await doors
      .grantStay({ guest: { fullName: '' }, ...window(), methods: [], reservationKey: 'has space' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['guest.fullName', 'methods', 'reservationKey']));
    expect(fake.requests.length).toBe(before);
  });

  it('times out waiting for a slow lock, leaving the stay pending', async () => {
    const slow = await startSeamFake({ issueDelayMs: 5000 });
    const slowDoors = createDoorAccess({ seam: { endpoint: slow.url, apiKey: slow.apiKey, reliability: fastReliability }, pollIntervalMs: 20 });
    try {
      const started = Date.now();
      const error = await slowDoors
        .grantStay({ guest: { fullName: 'Flo Slow' }, spaces: [S.spaces.unit101], ...window(), methods: ['code'], reservationKey: 'R-slow' }, { waitForIssued: { timeoutMs: 150 } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(1500);
      expect((await slowDoors.getStay('R-slow')).status).toBe('pending');
    } finally {
      await slowDoors.close();
      await slow.close();
    }
  });
});

describe('configuration and secrets', () => {
  it('refuses a DoorAccess without Seam, with the fix in the message', () => {
    expect(() => createDoorAccess({} as never)).toThrow(ConfigError);
    expect(() => createDoorAccess({} as never)).toThrow(/apiKey/);
  });

  it('never shows the API key in an error', async () => {
    const apiKey = 'seam_wrongkey_Zq81LmNo';
    const bad = createDoorAccess({ seam: { endpoint: fake.url, apiKey, reliability: fastReliability } });
    try {
      const error = await bad.getStay('R-none').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`).not.toContain(apiKey);
    } finally {
      await bad.close();
    }
  });
});
