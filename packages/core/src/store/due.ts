/**
 * The time-bound work rule, in one place for every store: when a sweep has to act on a grant.
 * Stores keep the result in an indexed column (`grants.due_at` in SQLite) so that finding due work
 * costs the same at 10,000 grants as at 1,000,000.
 */
import type { GrantRecord } from './types.js';

/**
 * A scheduled grant is due at its start; a pending or active one at the end of its window. A grant already
 * waiting to let go of its access (revoke, expire) owes nothing time-bound: its access is due.
 */
export function grantDueAt(record: Pick<GrantRecord, 'status' | 'window' | 'pendingOp'>): number | null {
  if (record.pendingOp === 'revoke' || record.pendingOp === 'expire') return null;
  if (record.status === 'scheduled') return record.window.startsAt ? Date.parse(record.window.startsAt) : null;
  if ((record.status === 'pending' || record.status === 'active') && record.window.endsAt) return Date.parse(record.window.endsAt);
  return null;
}

export function subjectKeys(record: Pick<GrantRecord, 'subject'>): { userId: string | null; userIdentityId: string | null } {
  const s = record.subject as { userId?: unknown; userIdentityId?: unknown };
  return {
    userId: typeof s.userId === 'string' ? s.userId : null,
    userIdentityId: typeof s.userIdentityId === 'string' ? s.userIdentityId : null,
  };
}
