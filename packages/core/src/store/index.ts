export { MemoryGrantStore } from './memory-store.js';
export { grantDueAt } from './due.js';
export type { AccessOp, AccessRecord, GrantRecord, GrantStore, PendingOp, StoredEvent, StoreQuery, StoreTransaction } from './types.js';
