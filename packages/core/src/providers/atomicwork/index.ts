/**
 * `@grantkit/core/atomicwork`: the Atomicwork IGA client. See providers.md section 1 for the API
 * and the assumptions marked in `wire.ts`.
 */
export { AtomicworkClient } from './client.js';
export { isActiveGrantStatus } from './wire.js';
export type {
  CreateGrantOptions,
  CreateGrantResult,
  GrantFilter,
  GrantHistoryOptions,
  GrantKey,
  ListAppsOptions,
  ListEntitlementsOptions,
  ListGrantsOptions,
  RevokeGrantOptions,
  RevokeGrantResult,
  UpdateGrantOptions,
  WaitForRevocationOptions,
} from './client.js';
export type { AtomicworkClientConfig } from './config.js';
export { mapAtomicworkError } from './errors.js';
export { FILTER_OPERATORS, GRANT_SORT_ORDERS } from './inputs.js';
export {
  appSchema,
  entitlementSchema,
  envelopeSchema,
  errorBodySchema,
  grantSchema,
  historyEventSchema,
  revocationStatusSchema,
  wireId,
} from './wire.js';
export type {
  AtomicworkApp,
  AtomicworkEntitlement,
  AtomicworkGrant,
  AtomicworkGrantHistoryEvent,
  AtomicworkGrantStatus,
  AtomicworkRevocationState,
  AtomicworkRevocationStatus,
} from './wire.js';
export { AtomicworkAdapter, atomicworkState } from './adapter.js';
