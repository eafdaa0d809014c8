/** What `grantStay` and friends accept, validated before any network call. */
import { z } from 'zod';

const id = z.string().trim().min(1, 'must be a non-empty id').max(200);
const ids = z.array(id).max(500);

/** A Date or an ISO 8601 date-time with an offset; kept as an ISO string. */
export const instant = z
  .union([z.date(), z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-07-01T15:00:00Z' })])
  .refine((v) => !(v instanceof Date) || !Number.isNaN(v.getTime()), 'must be a valid date')
  .transform((v) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString()));

/**
 * The booking's key. Printable ASCII without spaces, because `stay:<reservationKey>` is also the
 * Grantkit idempotency key when a Grantkit is passed.
 */
export const reservationKey = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (e.g. your booking id)');

/** The key that makes a reservation's grant findable: `stay:<reservationKey>`. */
export const stayKey = (key: string) => `stay:${key}`;

export const guestInput = z.union([
  z.strictObject({ userIdentityId: id }),
  z.strictObject({
    fullName: z.string().trim().min(1, 'must not be empty').max(200),
    email: z.email('must be an email address').max(320).optional(),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +15555550100').optional(),
  }),
]);
export type GuestInput = z.input<typeof guestInput>;

export const STAY_METHODS = ['code', 'card', 'mobile_key'] as const;
export type StayMethod = (typeof STAY_METHODS)[number];

export const grantStayInput = z
  .strictObject({
    guest: guestInput,
    /** Seam space ids (a room, a building): every door in them. */
    spaces: ids.optional(),
    /** ACS entrance ids. */
    entrances: ids.optional(),
    /** Device (lock) ids. */
    devices: ids.optional(),
    startsAt: instant,
    endsAt: instant,
    methods: z
      .array(z.enum(STAY_METHODS))
      .min(1, 'request at least one of code, card, mobile_key')
      .refine((m) => new Set(m).size === m.length, 'must not repeat a method'),
    reservationKey,
    /** Shown in the Seam console. Default: `Stay <reservationKey>`. */
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.spaces?.length ?? 0) + (v.entrances?.length ?? 0) + (v.devices?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: ['spaces'], message: 'name at least one of spaces, entrances or devices' });
    }
    if (Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });
export type GrantStayInput = z.input<typeof grantStayInput>;
export type GrantStay = z.output<typeof grantStayInput>;

export const waitOptions = z.strictObject({
  /** Give up after this many ms (TimeoutError; the stay stays pending at Seam). */
  timeoutMs: z.number().int().min(1).max(600_000),
  /** Time between polls, in ms. Default: the DoorAccess `pollIntervalMs` (500). */
  intervalMs: z.number().int().min(10).max(60_000).optional(),
});

export const stayRef = z.union([
  id,
  z.strictObject({ id }),
  z.strictObject({ reservationKey }),
]);
/**
 * A stay: its id (the Seam access grant id, or the Grantkit grant id `gr_...` when a Grantkit is
 * passed), or `{ reservationKey }`. A bare string that is no known id is tried as a reservation key.
 */
export type StayRef = z.input<typeof stayRef>;

export const extendInput = z.strictObject({ endsAt: instant });
export const moveInput = z
  .strictObject({ startsAt: instant, endsAt: instant })
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), { path: ['endsAt'], message: 'must be after startsAt' });

export const listStaysInput = z.strictObject({
  reservationKey: reservationKey.optional(),
  /** A guest by user identity id, or by email (an unknown email lists nothing). */
  guest: z.union([z.strictObject({ userIdentityId: id }), z.strictObject({ email: z.email() })]).optional(),
  /** A Seam space id. */
  space: id.optional(),
});
export type ListStaysInput = z.input<typeof listStaysInput>;
