/**
 * What a caller asks for, in our own camelCase words: the same shape a JSON body has over HTTP.
 * These zod schemas are the single source for validation in the service and for the OpenAPI
 * document of the HTTP adapters. Unknown fields are rejected (a typo must not be silently ignored).
 */
import { z } from 'zod';
import { isInt64String } from '../http/json.js';
import { seamId, zitadelId } from '../providers/ids.js';

/** An opaque provider id: printable, no whitespace or control characters. */
const opaqueId = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** Atomicwork ids are int64: a decimal string (exact) or a safe JSON integer; kept as a string. */
export const int64Id = z
  .union([z.string(), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => String(v))
  .refine((v) => /^\d+$/.test(v) && isInt64String(v), 'must be a positive int64 id (digits only)');

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:00:00Z' });
const text = (max: number) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const windowSchema = z
  .strictObject({
    startsAt: isoDateTime.optional(),
    endsAt: isoDateTime.optional(),
  })
  .refine((w) => !w.startsAt || !w.endsAt || Date.parse(w.endsAt) > Date.parse(w.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

/** The app's own id of a person (opaque to grantkit): what `list({ personId })` and `revokeAll` go by. */
export const personIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const common = {
  personId: personIdSchema.optional(),
  window: windowSchema.optional(),
  reason: text(1000).optional(),
  requestedBy: text(200).optional(),
};

export const atomicworkGrantRequestSchema = z.strictObject({
  provider: z.literal('atomicwork'),
  subject: z.strictObject({ userId: int64Id }),
  target: z
    .strictObject({
      entitlementId: int64Id,
      policyId: int64Id.optional(),
      policyKey: text(200).optional(),
    })
    .refine((t) => !(t.policyId && t.policyKey), { message: 'give policyId or policyKey, not both', path: ['policyKey'] }),
  grantedBy: int64Id.optional(),
  grantedAt: isoDateTime.optional(),
  ...common,
});

const roleKey = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const zitadelGrantRequestSchema = z.strictObject({
  provider: z.literal('zitadel'),
  // Ids go into ZITADEL's URL paths: only its own id alphabet (digits) may reach them.
  subject: z.strictObject({ userId: zitadelId, orgId: zitadelId.optional() }),
  target: z
    .strictObject({
      projectId: zitadelId,
      projectGrantId: zitadelId.optional(),
      organizationId: zitadelId.optional(),
      roleKeys: z
        .array(roleKey)
        .min(1, 'must name at least one role key')
        .max(200)
        .refine((keys) => new Set(keys).size === keys.length, 'must not repeat a role key'),
    })
    .refine((t) => !(t.projectGrantId && t.organizationId), {
      message: 'give projectGrantId or organizationId, not both',
      path: ['organizationId'],
    }),
  ...common,
});

export const ACCESS_METHOD_MODES = ['code', 'card', 'mobile_key'] as const;
export type AccessMethodMode = (typeof ACCESS_METHOD_MODES)[number];

const idList = z.array(seamId).max(500);

export const seamGrantRequestSchema = z.strictObject({
  provider: z.literal('seam'),
  subject: z.union([
    z.strictObject({ userIdentityId: seamId }),
    z.strictObject({
      user: z
        .strictObject({
          fullName: text(200).optional(),
          email: z.email('must be an email address').max(320).optional(),
          phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +15555550100').optional(),
          key: text(200).optional(),
        })
        .refine((u) => u.fullName || u.email || u.phone, { message: 'give at least one of fullName, email or phone' }),
    }),
  ]),
  target: z
    .strictObject({ spaceIds: idList.optional(), acsEntranceIds: idList.optional(), deviceIds: idList.optional() })
    .refine((t) => (t.spaceIds?.length ?? 0) + (t.acsEntranceIds?.length ?? 0) + (t.deviceIds?.length ?? 0) > 0, {
      message: 'name at least one of spaceIds, acsEntranceIds or deviceIds',
    }),
  accessMethods: z
    .array(z.enum(ACCESS_METHOD_MODES))
    .min(1, 'must request at least one access method')
    .max(3)
    .refine((m) => new Set(m).size === m.length, 'must not repeat a mode'),
  /** Seam `reservation_key`: the booking this access belongs to (lets Seam list a reservation's grants). */
  reservationKey: text(200).optional(),
  ...common,
});

export const grantRequestSchema = z.discriminatedUnion('provider', [
  atomicworkGrantRequestSchema,
  zitadelGrantRequestSchema,
  seamGrantRequestSchema,
]);

/** A request as validated (what the service and the adapters work on; Atomicwork ids are strings). */
export type AtomicworkGrantRequest = z.output<typeof atomicworkGrantRequestSchema>;
export type ZitadelGrantRequest = z.output<typeof zitadelGrantRequestSchema>;
export type SeamGrantRequest = z.output<typeof seamGrantRequestSchema>;
export type GrantRequest = z.output<typeof grantRequestSchema>;
/** What `Grantkit.grant()` takes for Atomicwork: ids as decimal strings or safe integers. */
export type AtomicworkGrantRequestInput = z.input<typeof atomicworkGrantRequestSchema>;
/** What `Grantkit.grant()` takes for ZITADEL. */
export type ZitadelGrantRequestInput = z.input<typeof zitadelGrantRequestSchema>;
/** What `Grantkit.grant()` takes for Seam. */
export type SeamGrantRequestInput = z.input<typeof seamGrantRequestSchema>;
/**
 * What `Grantkit.grant()` takes: a union on `provider`, so the provider's literal decides which
 * `subject`, `target` and extra fields (`accessMethods`, `reservationKey`, `grantedBy`) are allowed.
 * Ids may be given as numbers where the provider's ids are numeric.
 */
export type GrantRequestInput = z.input<typeof grantRequestSchema>;
/** The request of one provider: `GrantRequestInputOf<'seam'>` is `SeamGrantRequestInput`. */
export type GrantRequestInputOf<P extends GrantRequestInput['provider']> = Extract<GrantRequestInput, { provider: P }>;
export type GrantWindow = z.output<typeof windowSchema>;

export const updateGrantSchema = z
  .strictObject({
    startsAt: isoDateTime.nullable().optional(),
    endsAt: isoDateTime.nullable().optional(),
    roleKeys: z
      .array(roleKey)
      .min(1, 'must name at least one role key')
      .max(200)
      .refine((keys) => new Set(keys).size === keys.length, 'must not repeat a role key')
      .optional(),
  })
  .refine((u) => u.startsAt !== undefined || u.endsAt !== undefined || u.roleKeys !== undefined, {
    message: 'give at least one of startsAt, endsAt or roleKeys',
  });
export type GrantUpdate = z.output<typeof updateGrantSchema>;
/** What `Grantkit.update()` takes: at least one of `startsAt`, `endsAt` (null clears it), `roleKeys` (ZITADEL). */
export type GrantUpdateInput = z.input<typeof updateGrantSchema>;

export const revokeGrantSchema = z.strictObject({
  reason: text(1000).optional(),
  /** Atomicwork only: run the full deprovisioning workflow (removes the IdP assignment). Default false. */
  deprovision: z.boolean().optional(),
  requestedBy: text(200).optional(),
});
export type RevokeOptions = z.output<typeof revokeGrantSchema>;
/** What `Grantkit.revoke()` and `revokeAll()` take. */
export type RevokeOptionsInput = z.input<typeof revokeGrantSchema>;

export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
