/**
 * Atomicwork wire schemas, all in one place.
 *
 * The public spec documents requests, but every 200 response schema is an empty placeholder
 * (providers.md 1.1). DOCUMENTED (in prose) are only: the grant's `id`, `status`, `entitlement`,
 * `app`, `revocation_status { status, schedule_id }`; history entries' `event_type`, `event_at`,
 * `event_by`; an app's `id`. Everything marked ASSUMPTION mirrors the fake
 * (packages/testing/src/atomicwork/wire.ts) and must be checked against a live tenant.
 *
 * Schemas are lenient on purpose: unknown fields are kept (`z.looseObject`), and only `id` and
 * `status` of a grant are required, so a real shape that differs in the assumed parts still parses.
 * Every int64 id becomes an exact decimal string (the transport parses ints beyond 2^53 as strings).
 */
import { z } from 'zod';

/** An int64 id (a number when safe, an exact string beyond 2^53) as a decimal string. */
export const wireId = z.union([z.string(), z.number()]).transform((v) => String(v));

/** Raw grant statuses (providers.md 1.2); other strings pass through. */
export type AtomicworkGrantStatus = 'GRANTED' | 'EXTENDED' | 'REVOKED' | 'EXPIRED' | (string & {});
/** `revocation_status.status` (documented: IN_PROGRESS, COMPLETED, FAILED). */
export type AtomicworkRevocationState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | (string & {});

const status = z.string().transform((s): AtomicworkGrantStatus => s);

/** A user, app or policy reference: ASSUMPTION that it is an object with an `id`; a bare id is accepted too. */
const idOrRef = z.union([wireId, z.looseObject({ id: wireId })]).transform((v) => (typeof v === 'string' ? v : v.id));

/** DOCUMENTED: `status`, `schedule_id` (a number or a string, so kept as a string). */
export const revocationStatusSchema = z.looseObject({
  status: z.string().transform((s): AtomicworkRevocationState => s),
  schedule_id: wireId.nullish(),
});

/** ASSUMPTION: `id`, `email`, `name` ("user info" in the list description). */
export const userRefSchema = z.looseObject({ id: wireId, email: z.string().nullish(), name: z.string().nullish() });

/** DOCUMENTED `id` (used as `app_id`); ASSUMPTION: `name`, `description`, `provider`. */
export const appSchema = z.looseObject({
  id: wireId,
  name: z.string().nullish(),
  description: z.string().nullish(),
  provider: z.string().nullish(),
});

/** ASSUMPTION field names; `type` / `status` values are documented (GROUP, ROLE, ... / DRAFT, PUBLISHED). */
export const entitlementSchema = z.looseObject({
  id: wireId,
  app_id: wireId.nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string().nullish(),
});

/** ASSUMPTION: `id`, `key`, `name`. */
export const policySchema = z.looseObject({ id: wireId.nullish(), key: z.string().nullish(), name: z.string().nullish() });

export const grantSchema = z.looseObject({
  id: wireId, // DOCUMENTED
  status, // DOCUMENTED
  entitlement: entitlementSchema.nullish(), // DOCUMENTED name; inner fields ASSUMPTION
  app: appSchema.nullish(), // DOCUMENTED name; inner fields ASSUMPTION
  revocation_status: revocationStatusSchema.nullish(), // DOCUMENTED
  // Everything below: ASSUMPTION.
  user: userRefSchema.nullish(),
  user_id: wireId.nullish(),
  entitlement_id: wireId.nullish(),
  policy: policySchema.nullish(),
  grant_type: z.string().nullish(),
  granted_by: idOrRef.nullish(),
  granted_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  provisioning_status: z.looseObject({ status: z.string().nullish(), provider: z.string().nullish() }).nullish(),
});

/** DOCUMENTED: `event_type` (GRANTED, EXTENDED, REVOKED, EXPIRED), `event_at`, `event_by`. ASSUMPTION: the rest. */
export const historyEventSchema = z.looseObject({
  event_type: z.string(),
  event_at: z.string().nullish(),
  event_by: idOrRef.nullish(),
  id: wireId.nullish(),
  grant_id: wireId.nullish(),
  reason: z.string().nullish(),
});

/**
 * List envelope. ASSUMPTION (providers.md 1.4: "Response envelope field names (e.g. `data`,
 * `total`) are not published"): `{ data, page, per_page, total, next_page_token }`; a bare array
 * is accepted as well. `next_page_token` is the documented request parameter's name.
 */
export const envelopeSchema = z.union([
  z.array(z.unknown()).transform((data) => ({ data, page: undefined, per_page: undefined, total: undefined, next_page_token: undefined })),
  z.looseObject({
    data: z.array(z.unknown()),
    page: z.number().nullish(),
    per_page: z.number().nullish(),
    total: z.number().nullish(),
    next_page_token: z.string().nullish(),
  }),
]);

/**
 * The revoke reply. DOCUMENTED: it "includes a `revocation_status` object"; ASSUMPTION: it is the
 * whole grant. When it has no grant `id`/`status`, the client reads the grant afterwards.
 */
export const revokeResponseSchema = z.looseObject({ revocation_status: revocationStatusSchema.nullish() });

/** Error body `{ error, code }` (providers.md 1.4, UNVERIFIED). `message` is accepted as well. */
export const errorBodySchema = z.looseObject({
  error: z.string().optional(),
  code: z.union([z.string(), z.number()]).transform(String).optional(),
  message: z.string().optional(),
});

export type AtomicworkGrant = z.output<typeof grantSchema>;
export type AtomicworkApp = z.output<typeof appSchema>;
export type AtomicworkEntitlement = z.output<typeof entitlementSchema>;
export type AtomicworkGrantHistoryEvent = z.output<typeof historyEventSchema>;
export type AtomicworkRevocationStatus = z.output<typeof revocationStatusSchema>;

/** GRANTED and EXTENDED are the ACTIVE bucket (providers.md 1.2). */
export function isActiveGrantStatus(status: string): boolean {
  return status === 'GRANTED' || status === 'EXTENDED';
}
