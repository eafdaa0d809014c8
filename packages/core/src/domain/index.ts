export * from './status.js';
export * from './request.js';
export * from './filter.js';
export type { Grant, GrantEvent, GrantEventAction, GrantOutcomeKind, GrantResult, GrantWindowView } from './grant.js';
export { GRANT_ID_PATTERN } from './ids.js';
export { parseOrThrow, toIssues } from './validate.js';
