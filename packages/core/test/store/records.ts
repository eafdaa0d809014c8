import { newId } from '../../src/domain/ids.js';
import type { GrantRecord } from '../../src/store/types.js';

let n = 0;
/** A minimal valid record for store tests; override what the case is about. */
export function record(overrides: Partial<GrantRecord> = {}): GrantRecord {
  n++;
  const now = new Date().toISOString();
  return {
    id: newId('gr'),
    provider: 'zitadel',
    externalId: null,
    subject: { userId: `user-${n % 3}` },
    target: { projectId: 'p1', roleKeys: ['admin'] },
    status: 'active',
    window: { startsAt: null, endsAt: null },
    createdAt: now,
    updatedAt: now,
    details: {},
    request: { provider: 'zitadel', subject: { userId: `user-${n % 3}` }, target: { projectId: 'p1', roleKeys: ['admin'] } },
    idempotencyKey: `key-${n}-${Math.random()}`,
    requestHash: 'h',
    pendingOp: null,
    pendingArgs: null,
    leaseOwner: null,
    leaseUntil: null,
    version: 0,
    checkedAt: null,
    ...overrides,
  };
}
