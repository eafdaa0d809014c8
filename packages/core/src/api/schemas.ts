/**
 * Zod schemas of what the HTTP API answers. Requests are validated by the domain schemas
 * (domain/request.ts, domain/filter.ts); these describe the responses for the OpenAPI document,
 * and test/api/schemas.test.ts checks them against the TypeScript types so they cannot drift.
 */
import { z } from 'zod';
import { seamGrantRequestSchema, zitadelGrantRequestSchema } from '../domain/request.js';
import { GRANT_STATUSES } from '../domain/status.js';
import { atomicworkId } from '../providers/ids.js';

const providerName = z.enum(['atomicwork', 'zitadel', 'seam']);
const status = z.enum(GRANT_STATUSES);
const dateTime = z.string().describe('ISO 8601 date-time');

/** The fields every grant has; `subject` and `target` come per provider below. */
const grantFields = {
  id: z.string().describe('Our id of the grant (gr_...), stable and URL-safe'),
  accessId: z.string().describe('The access this grant claims (ac_...): what the provider holds, shared by grants for the same user and entitlement or project'),
  personId: z.string().optional().describe("The app's own id of the person, when the request gave one"),
  externalId: z.string().nullable().describe("The provider's id of the grant; null before it exists"),
  status,
  window: z.object({ startsAt: dateTime.nullable(), endsAt: dateTime.nullable() }),
  createdAt: dateTime,
  updatedAt: dateTime,
  revokedAt: dateTime.optional(),
  expiredAt: dateTime.optional(),
  reason: z.string().optional(),
  requestedBy: z.string().optional(),
  keptBy: z.string().optional().describe('Revoked or expired while the access stayed held: the grant that keeps it, or `adopted`'),
  details: z.record(z.string(), z.unknown()).describe('Provider extras (Seam codes, Atomicwork statuses, ZITADEL roles)'),
};

/**
 * A grant is a union on `provider`, like the request: `subject` and `target` are the request's as
 * validated. ZITADEL and Seam reuse the request's schemas; Atomicwork's request ids also accept
 * numbers (turned into strings), so its answer is described with the id strings it carries.
 */
export const grantSchema = z.discriminatedUnion('provider', [
  z.object({
    ...grantFields,
    provider: z.literal('atomicwork'),
    subject: z.object({ userId: atomicworkId }).describe('Who gets access, as requested'),
    target: z
      .object({ entitlementId: atomicworkId, policyId: atomicworkId.optional(), policyKey: z.string().optional() })
      .describe('The entitlement, as requested'),
  }),
  z.object({
    ...grantFields,
    provider: z.literal('zitadel'),
    subject: zitadelGrantRequestSchema.shape.subject.describe('Who gets access, as requested'),
    target: zitadelGrantRequestSchema.shape.target.describe("The project and this grant's role keys"),
  }),
  z.object({
    ...grantFields,
    provider: z.literal('seam'),
    subject: seamGrantRequestSchema.shape.subject.describe('Who gets access, as requested'),
    target: seamGrantRequestSchema.shape.target.describe('The spaces, entrances and devices, as requested'),
  }),
]);

export const grantEventSchema = z.object({
  id: z.string(),
  grantId: z.string(),
  at: dateTime,
  actor: z.string(),
  action: z.enum(['requested', 'scheduled', 'created', 'updated', 'revoke_requested', 'revoked', 'expired', 'failed', 'drift_detected', 'reconciled']),
  outcome: z.enum(['success', 'failure']),
  status,
  reason: z.string().optional(),
  providerRequestId: z.string().optional(),
  detail: z.string().optional(),
  accessId: z.string().optional(),
  keptBy: z.string().optional(),
});

export const providerCapabilitiesSchema = z.object({
  provider: providerName,
  nativeWindows: z.boolean(),
  update: z.object({ window: z.boolean(), roleKeys: z.boolean() }),
  deprovision: z.boolean(),
});

export const grantPageSchema = z.object({
  items: z.array(grantSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

export const revokeAllReportSchema = z.object({
  personId: z.string(),
  grants: z.array(
    z.object({
      grantId: z.string(),
      provider: providerName,
      status,
      outcome: z.enum(['revoked', 'kept', 'ended', 'failed']),
      keptBy: z.string().optional().describe('kept: the grant that still claims the access, or `adopted`'),
      error: z
        .object({ code: z.string(), message: z.string(), status: z.number().int().optional(), retryable: z.boolean() })
        .optional()
        .describe('failed: the typed error; the revoke stays recorded and a sweep retries it'),
    }),
  ),
});

export const grantHistorySchema = z.object({ items: z.array(grantEventSchema) });
export const providerListSchema = z.object({ items: z.array(providerCapabilitiesSchema) });
export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable error code: validation_error, not_found, conflict, rate_limited, ...'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('Every failing field (validation errors)'),
  provider: z.string().optional(),
  requestId: z.string().optional().describe("The provider's request id, for support"),
  retryAfter: z.number().int().optional().describe('Seconds; also in the Retry-After header'),
});
