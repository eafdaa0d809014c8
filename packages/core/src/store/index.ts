export { MemoryGrantStore } from './memory-store.js';
export { isDue } from './due.js';
export type { ClaimOptions, GrantRecord, GrantStore, PendingOp, StoreQuery } from './types.js';
