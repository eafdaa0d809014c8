export { grantsRouter } from './router.js';
export type { GrantsRouterOptions } from './router.js';
// One import for users: the core's types, errors and createGrantkit come along.
export * from '@grantkit/core';
