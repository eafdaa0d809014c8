/**
 * Each provider's id alphabet, as zod schemas, in one place: the provider clients validate every
 * id with these before any request, and the domain can reuse them for grant requests.
 *
 * - Atomicwork: int64 (`format: int64`, providers.md 1.1), a positive decimal string.
 * - ZITADEL: numeric strings such as `"69629012906488334"` (providers.md 4; the proto examples).
 * - Seam: the OpenAPI in @seamapi/types marks every id field `format: uuid` (checked route by route
 *   in packages/core/test/seam/uuid-fields.test.ts). JSON Schema's uuid format is the 8-4-4-4-12 hex
 *   shape with no version check, which also admits ids in Seam's own docs that are not RFC 9562
 *   UUIDs (e.g. `5f4e3d2c-1b0a-9f8e-7d6c-5b4a3c2d1e0f`), so that is the shape checked here.
 */
import { z } from 'zod';

const INT64_MAX = 2n ** 63n - 1n;
const DIGITS_19 = /^\d{1,19}$/;

/** A positive int64 id as a decimal string. Numbers are refused: beyond 2^53 they are already wrong. */
export const atomicworkId = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an id string of digits, e.g. "123"') })
  .regex(DIGITS_19, 'must be an id string of digits, e.g. "123"')
  .refine((v) => !DIGITS_19.test(v) || (BigInt(v) > 0n && BigInt(v) <= INT64_MAX), 'must be a positive int64 id');

/** A ZITADEL resource id: decimal digits only, at most 200 (the proto limit on id fields). */
export const zitadelId = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a ZITADEL id string of digits, e.g. "69629012906488334"') })
  .regex(/^\d{1,200}$/, 'must be a ZITADEL id string of digits, e.g. "69629012906488334"');

/** JSON Schema `format: uuid` (as ajv-formats checks it), without the optional `urn:uuid:` prefix. */
export const SEAM_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Seam id (space, device, entrance, user identity, access grant, access method, ...). */
export const seamId = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a Seam id (a UUID)') })
  .regex(SEAM_ID_PATTERN, 'must be a Seam id (a UUID such as 6ba7b811-9dad-11d1-80b4-00c04fd430c8)');

/** True when `value` has the shape of a Seam id; e.g. to tell an access grant id from a reservation key. */
export function isSeamId(value: unknown): value is string {
  return typeof value === 'string' && SEAM_ID_PATTERN.test(value);
}
