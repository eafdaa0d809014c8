import { newId } from '../../src/domain/ids.js';
import type { AccessRecord, GrantRecord } from '../../src/store/types.js';

let n = 0;
/** A minimal valid grant record for store tests; override what the case is about. */
export function record(overrides: Partial<GrantRecord> = {}): GrantRecord {
  n++;
  const now = new Date().toISOString();
  return {
    id: newId('gr'),
    accessId: 'ac_default',
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
    version: 0,
    ...overrides,
  };
}

/** A minimal valid access record for store tests. */
export function access(overrides: Partial<AccessRecord> = {}): AccessRecord {
  n++;
  const now = new Date().toISOString();
  return {
    id: newId('ac'),
    provider: 'zitadel',
    key: `["zitadel","user-${n}","p1","",""]`,
    externalId: null,
    state: 'absent',
    request: { provider: 'zitadel', subject: { userId: `user-${n}` }, target: { projectId: 'p1', roleKeys: ['admin'] } },
    createKey: 'gr_x',
    applied: {},
    adopted: null,
    details: {},
    pendingOp: null,
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    dueAt: null,
    checkAt: null,
    createdAt: now,
    updatedAt: now,
    version: 0,
    ...overrides,
  };
}

export function event(grantId: string, action: 'requested' | 'created' | 'revoked', seq = 0) {
  return { id: newId('ev'), grantId, at: new Date().toISOString(), actor: `actor-${seq}`, action, outcome: 'success' as const, status: 'active' as const };
}
