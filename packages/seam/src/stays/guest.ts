/**
 * Guest -> Seam user identity. Seam keeps email and phone unique per workspace (providers.md §3.6),
 * so a returning guest must reuse their identity rather than send it inline again (which Seam
 * refuses). Resolution is stable, so a retried grantStay sends the same request as the first.
 */
import { createHash } from 'node:crypto';
import { ConflictError, nullIfNotFound } from '@grantkit/core';
import type { SeamClient, SeamUserIdentity } from '@grantkit/core/seam';
import type { GuestInput } from './inputs.js';

type Guest = Exclude<GuestInput, { userIdentityId: string }>;

export async function resolveGuest(seam: SeamClient, guest: GuestInput, reservationKey: string, signal?: AbortSignal): Promise<string> {
  if ('userIdentityId' in guest) return guest.userIdentityId;
  const found = await findGuest(seam, guest, reservationKey, signal);
  if (found) return found;
  try {
    const created = await seam.userIdentities.create(
      {
        fullName: guest.fullName,
        emailAddress: guest.email,
        phoneNumber: guest.phone,
        // Without email or phone there is nothing unique to find the guest by on a retry: a key is.
        userIdentityKey: guest.email || guest.phone ? undefined : guestKey(reservationKey),
      },
      { signal },
    );
    return created.user_identity_id;
  } catch (error) {
    // Another call made it in between (a concurrent retry): use theirs.
    if (!(error instanceof ConflictError)) throw error;
    const again = await findGuest(seam, guest, reservationKey, signal);
    if (again) return again;
    throw error;
  }
}

/** The guest's existing identity, without creating one (for listStays). */
export async function findGuestByEmail(seam: SeamClient, email: string, signal?: AbortSignal): Promise<string | null> {
  return match(await search(seam, email, signal), (u) => u.email_address?.toLowerCase() === email.toLowerCase());
}

async function findGuest(seam: SeamClient, guest: Guest, reservationKey: string, signal?: AbortSignal): Promise<string | null> {
  if (guest.email) return findGuestByEmail(seam, guest.email, signal);
  if (guest.phone) return match(await search(seam, guest.phone, signal), (u) => u.phone_number === guest.phone);
  const identity = await nullIfNotFound(seam.userIdentities.get({ userIdentityKey: guestKey(reservationKey) }, { signal }));
  return identity?.user_identity_id ?? null;
}

function search(seam: SeamClient, text: string, signal?: AbortSignal): Promise<SeamUserIdentity[]> {
  return seam.userIdentities.list({ search: text, limit: 100 }, { signal }).toArray({ limit: 500 });
}

function match(identities: SeamUserIdentity[], test: (u: SeamUserIdentity) => boolean): string | null {
  return identities.find(test)?.user_identity_id ?? null;
}

/** `gk_guest_` + 32 chars of base64url(SHA-256('stay:' + reservationKey)). */
export function guestKey(reservationKey: string): string {
  return `gk_guest_${createHash('sha256').update(`stay:${reservationKey}`).digest('base64url').slice(0, 32)}`;
}
