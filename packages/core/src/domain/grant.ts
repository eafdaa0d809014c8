/** The Grant: what the service hands back for every provider, and the audit events it records. */
import type { ProviderName } from '../errors.js';
import type { AtomicworkGrantRequest, SeamGrantRequest, ZitadelGrantRequest } from './request.js';
import type { GrantStatus } from './status.js';

export interface GrantWindowView {
  startsAt: string | null;
  endsAt: string | null;
}

/**
 * What every grant has, whatever its provider. `subject` and `target` are loose here; the `Grant`
 * union narrows them by `provider` (the store keeps records of this shape).
 */
export interface GrantBase {
  /** Ours: stable, URL-safe, unique across providers (`gr_...`). */
  id: string;
  provider: ProviderName;
  /** The provider's id of the grant (Atomicwork grant id, ZITADEL user grant id, Seam access_grant_id); null before it exists. */
  externalId: string | null;
  /** The access this grant claims: what the provider holds for it (shared with other grants for the same user and entitlement or project). */
  accessId: string;
  /** The app's own id of the person this grant is for, when the request gave one (opaque). */
  personId?: string | undefined;
  /** Who gets access, as requested (`{ userId }`, `{ userIdentityId }` or `{ user }`). */
  subject: Record<string, unknown>;
  /** What they get access to, as requested (entitlement, project + roles, spaces/entrances/devices). */
  target: Record<string, unknown>;
  status: GrantStatus;
  window: GrantWindowView;
  createdAt: string;
  updatedAt: string;
  revokedAt?: string | undefined;
  expiredAt?: string | undefined;
  reason?: string | undefined;
  requestedBy?: string | undefined;
  /**
   * Revoked or expired while its access stayed held: the id of a grant that still claims it, or
   * `adopted` when the access was held before grantkit and is left as it was found.
   */
  keptBy?: string | undefined;
  /**
   * Provider extras: Seam `accessMethodIds`, `instantKeyUrl`, `codes`, `warnings`; Atomicwork
   * `grantStatus`, `revocationStatus`, `scheduleId`; ZITADEL `roleKeys`, `state`.
   */
  details: Record<string, unknown>;
}

/** An Atomicwork grant: `subject` and `target` as validated from the request (ids as decimal strings). */
export interface GrantAtAtomicwork extends GrantBase {
  provider: 'atomicwork';
  subject: AtomicworkGrantRequest['subject'];
  target: AtomicworkGrantRequest['target'];
}

/** A ZITADEL grant: `target.roleKeys` are this grant's keys (the user grant carries the union; see `AccessView.roleKeys`). */
export interface GrantAtZitadel extends GrantBase {
  provider: 'zitadel';
  subject: ZitadelGrantRequest['subject'];
  target: ZitadelGrantRequest['target'];
}

/** A Seam grant: the subject is a user identity id or the user as requested. */
export interface GrantAtSeam extends GrantBase {
  provider: 'seam';
  subject: SeamGrantRequest['subject'];
  target: SeamGrantRequest['target'];
}

/** A grant, a union on `provider`: checking `grant.provider` narrows `subject` and `target`. */
export type Grant = GrantAtAtomicwork | GrantAtZitadel | GrantAtSeam;

/** The grant of one provider: `GrantOf<'zitadel'>` is `GrantAtZitadel`. */
export type GrantOf<P extends ProviderName> = Extract<Grant, { provider: P }>;

export type GrantOutcomeKind = 'created' | 'existing' | 'scheduled';

/** What `Grantkit.grant()` returns; a request of one provider gives a `GrantResult<GrantOf<that provider>>`. */
export interface GrantResult<G extends Grant = Grant> {
  grant: G;
  /**
   * created: new at the provider. existing: the access was already held (by another grant, or at the
   * provider before grantkit), so the provider was not asked to create anything. scheduled: held
   * until startsAt.
   */
  outcome: GrantOutcomeKind;
  /** True when this call replayed an earlier call with the same idempotency key (the provider was not called). */
  replayed: boolean;
}

export type GrantEventAction =
  | 'requested'
  | 'scheduled'
  | 'created'
  | 'updated'
  | 'revoke_requested'
  | 'revoked'
  | 'expired'
  | 'failed'
  | 'drift_detected'
  | 'reconciled';

/** One audit entry: who did what, when, why, with what outcome, and the provider's request id. */
export interface GrantEvent {
  id: string;
  grantId: string;
  at: string;
  /** `requestedBy` of the call, or `system` for the scheduler and reconciliation. */
  actor: string;
  action: GrantEventAction;
  outcome: 'success' | 'failure';
  status: GrantStatus;
  reason?: string | undefined;
  providerRequestId?: string | undefined;
  /** Short, secret-free description (an error code and message, the fields changed). */
  detail?: string | undefined;
  /** The access the grant claims. */
  accessId?: string | undefined;
  /** Revoked or expired while the access stayed held: the grant that keeps it, or `adopted`. */
  keptBy?: string | undefined;
}
