/**
 * The grant status model: every status a grant can have and, in one table, every transition the
 * service may make. A transition not in the table is rejected with an InvalidTransitionError.
 *
 *   scheduled  waiting for window.startsAt (providers without native windows create it then)
 *   pending    the provider call is under way, or the provider has not finished (Seam methods not issued)
 *   active     the subject has the access
 *   revoking   revocation started, the provider is still deprovisioning (Atomicwork full deprovisioning)
 *   revoked    taken away on request (or removed at the provider behind our back)
 *   expired    taken away because window.endsAt passed
 *   failed     the provider refused or could not provision it
 */
import { GrantkitError } from '../errors.js';

export const GRANT_STATUSES = ['scheduled', 'pending', 'active', 'revoking', 'revoked', 'expired', 'failed'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** from -> the statuses it may move to. Keep README.md's table in step with this one. */
export const GRANT_TRANSITIONS: Readonly<Record<GrantStatus, readonly GrantStatus[]>> = {
  scheduled: ['pending', 'active', 'failed', 'revoked', 'expired'],
  pending: ['active', 'failed', 'revoking', 'revoked', 'expired'],
  active: ['active', 'pending', 'revoking', 'revoked', 'expired'],
  revoking: ['revoked', 'expired', 'active'],
  revoked: [],
  expired: [],
  failed: ['revoked'],
};

/** Statuses in which the subject may hold access at the provider right now. */
export const LIVE_STATUSES: readonly GrantStatus[] = ['pending', 'active', 'revoking'];
export const TERMINAL_STATUSES: readonly GrantStatus[] = ['revoked', 'expired'];

export class InvalidTransitionError extends GrantkitError {
  readonly from: GrantStatus;
  readonly to: GrantStatus;

  constructor(from: GrantStatus, to: GrantStatus) {
    super('invalid_transition', `A grant cannot go from "${from}" to "${to}".`, { status: 409 });
    this.from = from;
    this.to = to;
  }
}

export function canTransition(from: GrantStatus, to: GrantStatus): boolean {
  return from === to || GRANT_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: GrantStatus, to: GrantStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
