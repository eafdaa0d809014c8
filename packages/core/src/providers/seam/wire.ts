/**
 * Seam wire schemas: the objects as the API sends them (snake_case). Every object is a loose
 * object, so the fields an alpha API adds are kept, and every id is an opaque string: several ids
 * in Seam's own doc examples (e.g. `5f4e3d2c-1b0a-9f8e-7d6c-5b4a3c2d1e0f`) are not RFC 9562 UUIDs
 * and zod 4's `z.uuid()` would reject them.
 *
 * "Documented" below = listed as required in the OpenAPI components of @seamapi/types 1.977.0
 * (providers.md §3.2). We require only what the client itself relies on and keep the rest
 * optional: the conformance test holds the fake to the full published schema instead.
 */
import { z } from 'zod';

const id = z.string().min(1);
const timestamp = z.string();

export const seamAccessMethodModeSchema = z.enum(['code', 'card', 'mobile_key', 'cloud_key']);
export type SeamAccessMethodMode = z.infer<typeof seamAccessMethodModeSchema>;

/** `warnings[]` / `errors[]` / `pending_mutations[]` entries: discriminated by a code we keep as a string. */
const warning = z.looseObject({ warning_code: z.string(), message: z.string().optional(), created_at: timestamp.optional() });
const error = z.looseObject({ error_code: z.string(), message: z.string().optional(), created_at: timestamp.optional() });
const mutation = z.looseObject({ mutation_code: z.string(), message: z.string().optional(), created_at: timestamp.optional() });

export const seamRequestedAccessMethodSchema = z.looseObject({
  // Documented: display_name, mode, created_at, created_access_method_ids. `mode` stays a string so
  // a mode added after cloud_key does not break parsing.
  mode: z.string(),
  display_name: z.string().optional(),
  code: z.string().optional(),
  instant_key_max_use_count: z.number().optional(),
  created_at: timestamp.optional(),
  created_access_method_ids: z.array(id).default([]),
});

export const seamAccessGrantSchema = z.looseObject({
  // Documented and required here:
  access_grant_id: id,
  workspace_id: id,
  user_identity_id: id,
  space_ids: z.array(id).default([]),
  access_method_ids: z.array(id).default([]),
  requested_access_methods: z.array(seamRequestedAccessMethodSchema).default([]),
  starts_at: timestamp,
  ends_at: timestamp.nullable().default(null),
  // Documented, optional here (the older 1.721.x schema lacked pending_mutations):
  location_ids: z.array(id).optional(),
  name: z.string().nullable().optional(),
  display_name: z.string().optional(),
  created_at: timestamp.optional(),
  warnings: z.array(warning).default([]),
  errors: z.array(error).default([]),
  pending_mutations: z.array(mutation).default([]),
  // Documented optional fields:
  access_grant_key: z.string().optional(),
  reservation_key: z.string().optional(),
  instant_key_url: z.string().optional(),
  client_session_token: z.string().optional(),
  customization_profile_id: z.string().optional(),
});
export type SeamAccessGrant = z.infer<typeof seamAccessGrantSchema>;

export const seamAccessMethodSchema = z.looseObject({
  access_method_id: id,
  workspace_id: id,
  mode: z.string(),
  display_name: z.string().optional(),
  created_at: timestamp.optional(),
  issued_at: timestamp.nullable().optional(),
  is_issued: z.boolean(),
  code: z.string().nullable().optional(),
  instant_key_url: z.string().optional(),
  client_session_token: z.string().optional(),
  warnings: z.array(warning).default([]),
  errors: z.array(error).default([]),
  pending_mutations: z.array(mutation).default([]),
});
export type SeamAccessMethod = z.infer<typeof seamAccessMethodSchema>;

export const seamUserIdentitySchema = z.looseObject({
  user_identity_id: id,
  workspace_id: id,
  user_identity_key: z.string().nullable().optional(),
  email_address: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  full_name: z.string().nullable().optional(),
  display_name: z.string().optional(),
  created_at: timestamp.optional(),
  acs_user_ids: z.array(id).default([]),
  warnings: z.array(warning).default([]),
  errors: z.array(error).default([]),
});
export type SeamUserIdentity = z.infer<typeof seamUserIdentitySchema>;

export const seamSpaceSchema = z.looseObject({
  space_id: id,
  workspace_id: id,
  name: z.string(),
  display_name: z.string().optional(),
  space_key: z.string().optional(),
  created_at: timestamp.optional(),
  device_count: z.number().optional(),
  acs_entrance_count: z.number().optional(),
  parent_space_id: z.string().optional(),
  customer_key: z.string().optional(),
});
export type SeamSpace = z.infer<typeof seamSpaceSchema>;

/** One of 63 variants in the OpenAPI; the common part is what every variant requires. */
export const seamActionAttemptSchema = z.looseObject({
  action_attempt_id: id,
  action_type: z.string(),
  status: z.enum(['pending', 'success', 'error']),
  result: z.unknown().optional(),
  error: z.looseObject({ type: z.string(), message: z.string() }).nullable().optional(),
});
export type SeamActionAttempt = z.infer<typeof seamActionAttemptSchema>;

export const seamPaginationSchema = z.looseObject({
  has_next_page: z.boolean(),
  next_page_cursor: z.string().nullable(),
  next_page_url: z.string().nullable().optional(),
});

/** The error envelope (providers.md §3.4); `validation_errors` is zod's `format()` shape. */
export const seamErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    type: z.string(),
    message: z.string().optional(),
    data: z.unknown().optional(),
    validation_errors: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const seamOkSchema = z.looseObject({ ok: z.literal(true).optional() });
