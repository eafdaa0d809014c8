/** Stay refs -> the Seam access grant and, with a Grantkit, the grant that records it. */
import { ConflictError, type Grant, type Grantkit, nullIfNotFound, parseOrThrow } from '@grantkit/core';
import { deriveAccessGrantKey, isSeamId, type SeamAccessGrant, type SeamClient } from '@grantkit/core/seam';
import { reservationKey as reservationKeySchema, stayKey, stayRef, type StayRef } from './inputs.js';

export interface Resolved {
  grant: SeamAccessGrant;
  recorded: Grant | null;
}

/** The Grantkit grant whose externalId is this access grant (the newest, if several). */
export async function recordOf(grantkit: Grantkit | undefined, accessGrantId: string): Promise<Grant | null> {
  if (!grantkit) return null;
  const grants = await grantkit.list({ provider: 'seam', externalId: accessGrantId }).toArray({ limit: 20 });
  return grants.at(-1) ?? null;
}

/** A Grantkit grant id (`gr_...`) given as the ref, when a Grantkit is in use. */
export function grantIdOf(grantkit: Grantkit | undefined, input: StayRef): string | undefined {
  const id = typeof input === 'string' ? input : 'id' in input ? input.id : undefined;
  return grantkit && typeof id === 'string' && id.startsWith('gr_') ? id : undefined;
}

/** A ref -> the Seam grant (and its Grantkit grant), or null when there is none. */
export async function resolveStay(seam: SeamClient, grantkit: Grantkit | undefined, input: StayRef, signal?: AbortSignal): Promise<Resolved | null> {
  const ref = parseOrThrow(stayRef, input, 'stay reference');
  const grantId = grantIdOf(grantkit, ref);
  if (grantkit && grantId) {
    const recorded = await grantkit.get(grantId);
    const grant = recorded.externalId ? await getGrant(seam, recorded.externalId, signal) : null;
    return grant ? { grant, recorded } : null;
  }
  const id = typeof ref === 'string' ? ref : 'id' in ref ? ref.id : undefined;
  if (id !== undefined) {
    const grant = await getGrant(seam, id, signal);
    if (grant) return { grant, recorded: await recordOf(grantkit, grant.access_grant_id) };
    if (typeof ref !== 'string') return null;
  }
  // A bare string that is no access grant id: try it as a reservation key.
  const reservationKey = typeof ref === 'string' ? ref : 'reservationKey' in ref ? ref.reservationKey : undefined;
  if (reservationKey === undefined || !reservationKeySchema.safeParse(reservationKey).success) return null;
  const grants = await seam.accessGrants.list({ reservationKey, limit: 10 }, { signal }).toArray({ limit: 10 });
  const ours = deriveAccessGrantKey(stayKey(reservationKey));
  const grant = grants.length === 1 ? grants[0] : grants.find((g) => g.access_grant_key === ours);
  if (!grant && grants.length > 1) {
    throw new ConflictError(`Reservation ${reservationKey} has ${grants.length} Seam access grants; name the stay by its id.`, { provider: 'seam' });
  }
  return grant ? { grant, recorded: await recordOf(grantkit, grant.access_grant_id) } : null;
}

async function getGrant(seam: SeamClient, accessGrantId: string, signal?: AbortSignal): Promise<SeamAccessGrant | null> {
  // Not an access grant id at all (a reservation key): Seam would refuse it as invalid input.
  if (!isSeamId(accessGrantId)) return null;
  return nullIfNotFound(seam.accessGrants.get({ accessGrantId }, { signal }));
}

export function describeRef(ref: StayRef): string {
  if (typeof ref === 'string') return `"${ref.slice(0, 100)}"`;
  return 'id' in ref ? `id "${ref.id.slice(0, 100)}"` : `reservation "${ref.reservationKey.slice(0, 100)}"`;
}
