/**
 * Type tests of the door-access helper, checked by `tsc` (the package's `typecheck`, part of
 * `pnpm test`): grantStay and listStays take their schemas' input types, and what comes back is
 * made of literal unions. Nothing here runs.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { DoorAccess, GrantedStay, GrantStatus, GrantStayInput, ListStaysInput, Paginator, Stay, StayMethod } from '../../src/index.js';

declare const doors: DoorAccess;
const stay = {
  guest: { fullName: 'Jane Doe', email: 'jane@example.com' },
  spaces: ['7f8e9d0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a'],
  startsAt: new Date('2026-07-01T15:00:00Z'),
  endsAt: '2026-07-04T11:00:00Z',
  methods: ['code'],
  reservationKey: 'B-1',
} satisfies GrantStayInput;

describe('DoorAccess.grantStay', () => {
  it('takes the stay input, not unknown or any', () => {
    type Input = Parameters<DoorAccess['grantStay']>[0];
    expectTypeOf<Input>().not.toBeUnknown();
    expectTypeOf<Input>().not.toBeAny();
    expectTypeOf<Input>().toEqualTypeOf<GrantStayInput>();
    expectTypeOf<GrantStayInput['methods']>().toEqualTypeOf<StayMethod[]>();
    expectTypeOf<StayMethod>().toEqualTypeOf<'code' | 'card' | 'mobile_key'>();
    expectTypeOf(doors.grantStay(stay)).resolves.toEqualTypeOf<GrantedStay>();
  });

  it('refuses what the schema refuses', () => {
    // @ts-expect-error 'laser' is not an access method
    void doors.grantStay({ ...stay, methods: ['laser'] });
    // @ts-expect-error the guest is a user identity or a named person
    void doors.grantStay({ ...stay, guest: { email: 'jane@example.com' } });
    // @ts-expect-error unknown field
    void doors.grantStay({ ...stay, room: '101' });
    // @ts-expect-error the reservation key is what makes a retry safe: required
    void doors.grantStay({ guest: stay.guest, spaces: stay.spaces, startsAt: stay.startsAt, endsAt: stay.endsAt, methods: stay.methods });
  });

  it('answers with literal unions', async () => {
    const granted = await doors.grantStay(stay);
    expectTypeOf(granted.outcome).toEqualTypeOf<'created' | 'existing'>();
    expectTypeOf(granted.status).toEqualTypeOf<GrantStatus>();
    expectTypeOf((await doors.endStay('B-1')).outcome).toEqualTypeOf<'ended' | 'already_ended'>();
  });
});

describe('DoorAccess.listStays', () => {
  it('takes the list filters', () => {
    expectTypeOf<Parameters<DoorAccess['listStays']>[0]>().toEqualTypeOf<ListStaysInput | undefined>();
    expectTypeOf(doors.listStays({ guest: { email: 'jane@example.com' } })).toEqualTypeOf<Paginator<Stay>>();
    // @ts-expect-error a guest is found by user identity id or email
    void doors.listStays({ guest: { phone: '+15555550100' } });
  });
});
