export * from './status.js';
export * from './request.js';
export * from './filter.js';
export { ACCESS_STATES, accessKeyOf, sharesAccesses } from './access.js';
export type { AccessState, AccessView } from './access.js';
export type {
  Grant,
  GrantAtAtomicwork,
  GrantAtSeam,
  GrantAtZitadel,
  GrantBase,
  GrantEvent,
  GrantEventAction,
  GrantOf,
  GrantOutcomeKind,
  GrantResult,
  GrantWindowView,
} from './grant.js';
export { GRANT_ID_PATTERN } from './ids.js';
export { parseOrThrow, toIssues } from './validate.js';
