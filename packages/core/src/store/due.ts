/**
 * The due-work rule, in one place for every store: which records a sweep has to act on at `now`.
 * The SQLite store expresses the same rule in SQL (sqlite-store.ts, DUE_WHERE); the conformance
 * suite checks both against the same cases.
 */
import { LIVE_STATUSES } from '../domain/status.js';
import type { GrantRecord } from './types.js';

export function isDue(record: GrantRecord, now: number): boolean {
  if (record.leaseUntil !== null && record.leaseUntil > now) return false;
  if (record.pendingOp !== null) return true;
  const startsAt = record.window.startsAt ? Date.parse(record.window.startsAt) : null;
  const endsAt = record.window.endsAt ? Date.parse(record.window.endsAt) : null;
  if (record.status === 'scheduled' && startsAt !== null && startsAt <= now) return true;
  return LIVE_STATUSES.includes(record.status) && endsAt !== null && endsAt <= now;
}

export function subjectKeys(record: Pick<GrantRecord, 'subject'>): { userId: string | null; userIdentityId: string | null } {
  const s = record.subject as { userId?: unknown; userIdentityId?: unknown };
  return {
    userId: typeof s.userId === 'string' ? s.userId : null,
    userIdentityId: typeof s.userIdentityId === 'string' ? s.userIdentityId : null,
  };
}
