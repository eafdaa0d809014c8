/**
 * Accesses: what a provider holds, as opposed to grants, grantkit's records of requests for it.
 *
 *   Atomicwork  one grant per (user, entitlement)
 *   ZITADEL     one user grant per (user, project, project grant, organization), carrying role keys
 *   Seam        every access grant is its own access
 *
 * Many grants may claim one access. The provider side of an access is the union of the grants that
 * claim it (for ZITADEL: the union of their role keys), and an access no grant claims any more is
 * removed at the provider, unless it was there before grantkit (adopted; see `AccessView.adopted`).
 */
import type { ProviderName } from '../errors.js';
import type { GrantRequest } from './request.js';

/**
 * absent:   not held at the provider (not created yet, refused, removed, or ended by its window)
 * held:     held at the provider
 * removing: the provider is still deprovisioning it (Atomicwork's full deprovisioning)
 */
export const ACCESS_STATES = ['absent', 'held', 'removing'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** The public view of an access (`Grantkit.getAccess`). */
export interface AccessView {
  /** Ours (`ac_...`). */
  id: string;
  provider: ProviderName;
  /** The provider's id of what it holds (Atomicwork grant, ZITADEL user grant, Seam access grant); null before it exists. */
  externalId: string | null;
  state: AccessState;
  /** ZITADEL: the role keys the user grant carries now (the union of the claiming grants' keys, plus any adopted ones). */
  roleKeys?: string[] | undefined;
  /**
   * Held at the provider before grantkit first asked for it. Grantkit never removes what it did not
   * create: when no grant claims an adopted access any more, it is left as it was found (ZITADEL:
   * its role keys go back to `adopted.roleKeys`).
   */
  adopted?: { at: string; roleKeys?: string[] | undefined } | undefined;
  /** Ids of the grants that claim it now (their union is what the provider holds). */
  claimedBy: string[];
  createdAt: string;
  updatedAt: string;
  /** Provider extras as last read (the same fields as `Grant.details`). */
  details: Record<string, unknown>;
}

/**
 * The identity of the access a request claims: two requests with the same key are the same access
 * at the provider. Seam access grants are never shared, so a Seam key names the grant itself.
 */
export function accessKeyOf(request: GrantRequest, grantId: string): string {
  switch (request.provider) {
    case 'atomicwork':
      return JSON.stringify(['atomicwork', request.subject.userId, request.target.entitlementId]);
    case 'zitadel': {
      // ZITADEL's unique constraint is resourceOwner:userID:projectID:projectGrantID (providers.md 2.4);
      // the resource owner is the organization the grant is made in.
      const org = request.target.organizationId ?? request.subject.orgId ?? '';
      return JSON.stringify(['zitadel', request.subject.userId, request.target.projectId, request.target.projectGrantId ?? '', org]);
    }
    case 'seam':
      return JSON.stringify(['seam', grantId]);
  }
}

/** True when grants of this provider share accesses (false: every grant is its own access). */
export function sharesAccesses(provider: ProviderName): boolean {
  return provider !== 'seam';
}
