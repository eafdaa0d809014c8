import { z } from 'zod';
import type { ProviderName } from '../errors.js';
import { GRANT_STATUSES } from './status.js';

/** Filters of `Grantkit.list` and `GET /grants`. Subject fields match the request's subject. */
export const listFilterSchema = z.strictObject({
  provider: z.enum(['atomicwork', 'zitadel', 'seam']).optional(),
  status: z.union([z.enum(GRANT_STATUSES), z.array(z.enum(GRANT_STATUSES)).min(1).max(7)]).optional(),
  userId: z.string().min(1).max(200).optional(),
  userIdentityId: z.string().min(1).max(200).optional(),
  externalId: z.string().min(1).max(200).optional(),
  /** The app's id of a person (`personId` of the grant requests). */
  personId: z.string().min(1).max(200).optional(),
  /** Grants claiming one access (`Grant.accessId`). */
  accessId: z.string().min(1).max(200).optional(),
  /** Page size, 1..500 (default 50). */
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(4096).optional(),
});
export type ListFilter = z.output<typeof listFilterSchema>;

/**
 * What `Grantkit.list()` takes. Giving `provider` narrows the listed grants to that provider's
 * `Grant` type. `limit` is a number here; the schema also accepts a numeric string, as a query
 * string carries it (its zod input type is `unknown`, which would accept anything).
 */
export type ListFilterInput<P extends ProviderName = ProviderName> = Omit<z.input<typeof listFilterSchema>, 'provider' | 'limit'> & {
  /** Only grants of this provider. */
  provider?: P | undefined;
  /** Page size, 1..500. Default 50. */
  limit?: number | undefined;
};
