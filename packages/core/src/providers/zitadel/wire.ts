/**
 * Wire schemas of the ZITADEL user-grant APIs, in the provider's own field names (protojson:
 * lowerCamelCase, enums as strings, 64-bit integers as strings, zero values omitted). Lenient:
 * unknown fields are kept, and every field a zero value may omit is optional.
 *
 * Documented = in the proto / reference docs quoted in providers.md 2.2-2.3. Assumed = inferred.
 */
import { z } from 'zod';

/** int64/uint64 arrive as strings (documented: `"totalResult":"2"`); numbers are accepted too. */
const Int64 = z.union([z.string(), z.number()]).transform((v) => String(v));
const Id = z.union([z.string(), z.number()]).transform((v) => String(v));

// ---- v1 Management API (providers.md 2.2) ----

/** Documented: zitadel.v1.ObjectDetails. */
export const V1ObjectDetails = z.looseObject({
  sequence: Int64.optional(),
  creationDate: z.string().optional(),
  changeDate: z.string().optional(),
  resourceOwner: z.string().optional(),
});

/** Documented: zitadel.user.v1.UserGrant. All fields optional on the wire (protojson omits zero values). */
export const V1UserGrant = z.looseObject({
  id: Id,
  details: V1ObjectDetails.optional(),
  roleKeys: z.array(z.string()).optional(),
  /** Documented enum: USER_GRANT_STATE_UNSPECIFIED | _ACTIVE | _INACTIVE. */
  state: z.string().optional(),
  userId: Id.optional(),
  userName: z.string().optional(),
  displayName: z.string().optional(),
  email: z.string().optional(),
  orgId: z.string().optional(),
  orgName: z.string().optional(),
  projectId: Id.optional(),
  projectName: z.string().optional(),
  projectGrantId: z.string().optional(),
  preferredLoginName: z.string().optional(),
  userType: z.string().optional(),
  grantedOrgId: z.string().optional(),
});
export type V1UserGrant = z.infer<typeof V1UserGrant>;

/** Documented: AddUserGrantResponse. */
export const V1AddUserGrantResponse = z.looseObject({ userGrantId: Id, details: V1ObjectDetails.optional() });
/** Documented: GetUserGrantByIDResponse. */
export const V1GetUserGrantResponse = z.looseObject({ userGrant: V1UserGrant });
/** Documented: ListUserGrantResponse; `result` omitted when empty. */
export const V1ListUserGrantsResponse = z.looseObject({
  details: z.looseObject({ totalResult: Int64.optional(), processedSequence: Int64.optional(), viewTimestamp: z.string().optional() }).optional(),
  result: z.array(V1UserGrant).optional(),
});

// ---- v2 AuthorizationService (providers.md 2.3) ----

/** Documented: zitadel.authorization.v2.Authorization. */
export const V2Authorization = z.looseObject({
  id: Id,
  creationDate: z.string().optional(),
  changeDate: z.string().optional(),
  project: z.looseObject({ id: Id.optional(), name: z.string().optional(), organizationId: z.string().optional() }).optional(),
  organization: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
  user: z
    .looseObject({
      id: Id.optional(),
      preferredLoginName: z.string().optional(),
      displayName: z.string().optional(),
      organizationId: z.string().optional(),
    })
    .optional(),
  /** Documented enum: STATE_UNSPECIFIED | STATE_ACTIVE | STATE_INACTIVE. */
  state: z.string().optional(),
  roles: z.array(z.looseObject({ key: z.string(), displayName: z.string().optional(), group: z.string().optional() })).optional(),
});
export type V2Authorization = z.infer<typeof V2Authorization>;

/** Documented: CreateAuthorizationResponse. */
export const V2CreateAuthorizationResponse = z.looseObject({ id: Id, creationDate: z.string().optional() });
/** Documented: ListAuthorizationsResponse. */
export const V2ListAuthorizationsResponse = z.looseObject({
  pagination: z.looseObject({ totalResult: Int64.optional(), appliedLimit: Int64.optional() }).optional(),
  authorizations: z.array(V2Authorization).optional(),
});
