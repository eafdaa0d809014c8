/**
 * Method inputs in grantkit's camelCase words, validated before any network call, and their
 * translation to Seam's snake_case request fields (providers.md §3.1).
 */
import { z } from 'zod';
import { seamId } from '../ids.js';
import { ValidationError } from '../../errors.js';
import { seamAccessMethodModeSchema } from './wire.js';

// Every id field of these routes is `format: uuid` in Seam's OpenAPI (providers/ids.ts).
const id = seamId;
const ids = z.array(id);
/** A Date or an ISO 8601 timestamp with offset; sent as an ISO string. */
const instant = z
  .union([z.date(), z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2025-06-16T16:54:17Z' })])
  .refine((v) => !(v instanceof Date) || !Number.isNaN(v.getTime()), 'must be a valid date')
  .transform((v) => (v instanceof Date ? v.toISOString() : v));

export const requestedAccessMethodInput = z.strictObject({
  mode: seamAccessMethodModeSchema,
  /** PIN for `code`: 4 to 9 digits (OpenAPI `^\d+$`, minLength 4, maxLength 9). */
  code: z.string().regex(/^\d{4,9}$/, 'must be a PIN of 4 to 9 digits').optional(),
  instantKeyMaxUseCount: z.number().int().min(1).optional(),
});
export type RequestedAccessMethodInput = z.input<typeof requestedAccessMethodInput>;

const requestedAccessMethods = z.array(requestedAccessMethodInput).min(1, 'request at least one access method');

const userIdentityInput = z.strictObject({
  emailAddress: z.email().nullable().optional(),
  phoneNumber: z.string().min(1).nullable().optional(),
  fullName: z.string().min(1).nullable().optional(),
  userIdentityKey: z.string().min(1).nullable().optional(),
});

function endsAfterStarts(v: { startsAt?: string | undefined; endsAt?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
}

export const createAccessGrantInput = z
  .strictObject({
    userIdentityId: id.optional(),
    userIdentity: userIdentityInput.optional(),
    spaceIds: ids.optional(),
    acsEntranceIds: ids.optional(),
    deviceIds: ids.optional(),
    requestedAccessMethods,
    startsAt: instant.optional(),
    endsAt: instant.nullable().optional(),
    name: z.string().nullable().optional(),
    accessGrantKey: z.string().min(1).max(255).optional(),
    reservationKey: z.string().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.userIdentityId === undefined) === (v.userIdentity === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['userIdentityId'], message: 'give exactly one of userIdentityId or userIdentity' });
    }
    endsAfterStarts(v, ctx);
  });
export type CreateAccessGrantInput = z.input<typeof createAccessGrantInput>;

export const accessGrantRefInput = z.union([
  z.strictObject({ accessGrantId: id }),
  z.strictObject({ accessGrantKey: z.string().min(1) }),
]);
export const accessGrantIdInput = z.strictObject({ accessGrantId: id });
export type AccessGrantRef = z.input<typeof accessGrantRefInput>;

export const listAccessGrantsInput = z.strictObject({
  userIdentityId: id.optional(),
  spaceId: id.optional(),
  acsEntranceId: id.optional(),
  acsSystemId: id.optional(),
  deviceId: id.optional(),
  accessCodeId: id.optional(),
  accessGrantIds: ids.optional(),
  accessGrantKey: z.string().min(1).optional(),
  reservationKey: z.string().min(1).optional(),
  customerKey: z.string().min(1).optional(),
  /** Page size sent as `limit` (Seam default 500). */
  limit: z.number().int().min(1).max(500).optional(),
});
export type ListAccessGrantsInput = z.input<typeof listAccessGrantsInput>;

export const updateAccessGrantInput = z
  .strictObject({
    accessGrantId: id.optional(),
    accessGrantKey: z.string().min(1).optional(),
    startsAt: instant.optional(),
    endsAt: instant.nullable().optional(),
    name: z.string().nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.accessGrantId === undefined) === (v.accessGrantKey === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['accessGrantId'], message: 'give exactly one of accessGrantId or accessGrantKey' });
    }
    if (v.startsAt === undefined && v.endsAt === undefined && v.name === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give startsAt, endsAt or name to change' });
    }
    endsAfterStarts(v, ctx);
  });
export type UpdateAccessGrantInput = z.input<typeof updateAccessGrantInput>;

export const requestAccessMethodsInput = z.strictObject({ accessGrantId: id, requestedAccessMethods });
export type RequestAccessMethodsInput = z.input<typeof requestAccessMethodsInput>;

/** Parses `value` or throws a ValidationError whose issues name each failing field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`Invalid input to seam ${what}: ${summary}`, issues, { provider: 'seam' });
}

/** Drops undefined entries so a request body carries only what the caller set. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

export function toWireRequestedAccessMethods(methods: z.output<typeof requestedAccessMethods>) {
  return methods.map((m) => compact({ mode: m.mode, code: m.code, instant_key_max_use_count: m.instantKeyMaxUseCount }));
}
