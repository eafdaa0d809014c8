/** Stay refs -> the Seam access grant and, with a Grantkit, the grant that records it. */
import { ConflictError, type Grant, type Grantkit, nullIfNotFound, parseOrThrow } from '@grantkit/core';
import { isSeamId, type SeamAccessGrant, type SeamClient } from '@grantkit/core/seam';
import { STAY_ACCESS_GRANT_KEY_PREFIX } from './fingerprint.js';
import { reservationKey as reservationKeySchema, stayRef, type StayRef } from './inputs.js';

export interface Resolved {
  grant: SeamAccessGrant;
  recorded: Grant | null;
}

/**
 * What the stays API may touch: a Seam access grant made for a reservation (what `listStays`
 * lists). Anything else, another provider's grant above all, is no stay: a caller allowed only
 * stays must never reach it, so every ref resolves to "no such stay" for it.
 */
export function isStayGrant(grant: SeamAccessGrant): boolean {
  return typeof grant.reservation_key === 'string' && grant.reservation_key !== '';
}

/** A Grantkit grant recording a stay: Seam's, with the reservation key Seam reported for it. */
export function isStayRecord(grant: Grant): boolean {
  const key = grant.details.reservationKey;
  return grant.provider === 'seam' && typeof key === 'string' && key !== '';
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
    const recorded = await stayRecord(grantkit, grantId);
    const grant = recorded?.externalId ? await getGrant(seam, recorded.externalId, signal) : null;
    return grant && isStayGrant(grant) ? { grant, recorded } : null;
  }
  const id = typeof ref === 'string' ? ref : 'id' in ref ? ref.id : undefined;
  if (id !== undefined) {
    const grant = await getGrant(seam, id, signal);
    if (grant) return isStayGrant(grant) ? { grant, recorded: await recordOf(grantkit, grant.access_grant_id) } : null;
    if (typeof ref !== 'string') return null;
  }
  // A bare string that is no access grant id: try it as a reservation key.
  const reservationKey = typeof ref === 'string' ? ref : 'reservationKey' in ref ? ref.reservationKey : undefined;
  if (reservationKey === undefined || !reservationKeySchema.safeParse(reservationKey).success) return null;
  const grants = await reservationGrants(seam, reservationKey, signal);
  // Several grants for one reservation (made elsewhere too): ours is the one grantStay keyed.
  const ours = grants.filter((g) => g.access_grant_key?.startsWith(STAY_ACCESS_GRANT_KEY_PREFIX));
  const grant = grants.length === 1 ? grants[0] : ours.length === 1 ? ours[0] : undefined;
  if (!grant && grants.length > 1) {
    throw new ConflictError(`Reservation ${reservationKey} has ${grants.length} Seam access grants; name the stay by its id.`, { provider: 'seam' });
  }
  return grant ? { grant, recorded: await recordOf(grantkit, grant.access_grant_id) } : null;
}

/** The Grantkit grant `grantId` when it records a stay; null for no grant or any other grant. */
export async function stayRecord(grantkit: Grantkit, grantId: string): Promise<Grant | null> {
  const recorded = await nullIfNotFound(grantkit.get(grantId));
  return recorded && isStayRecord(recorded) ? recorded : null;
}

/** The access grants Seam holds for a reservation (a handful at most: one per stay made for it). */
export function reservationGrants(seam: SeamClient, reservationKey: string, signal?: AbortSignal): Promise<SeamAccessGrant[]> {
  return seam.accessGrants.list({ reservationKey, limit: 100 }, { signal }).toArray({ limit: 100 });
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
