export { GrantkitModule } from './grantkit.module.js';
export type {
  GrantkitModuleAsyncOptions,
  GrantkitModuleForRootOptions,
  GrantkitOptionsFactory,
} from './grantkit.module-definition.js';
export type {
  GrantkitModuleExtras,
  GrantkitModuleOptions,
  GrantkitModuleSchedulerOptions,
} from './grantkit.options.js';
export { GRANTKIT, GRANTKIT_MODULE_OPTIONS } from './grantkit.constants.js';
export { InjectGrantkit } from './grantkit.decorators.js';
export { GrantkitExceptionFilter } from './grantkit-exception.filter.js';
export { GrantsController, createGrantsController } from './grants.controller.js';
export { AllowUnguarded } from './grants-guarded.js';
export type { GrantsControllerOptions } from './grants.controller.js';
export { GRANTS_ROUTE_METADATA, grantsRouteOf } from './grants-route.js';
export type { GrantsRouteInfo } from './grants-route.js';
// One import for users: the core's service, types and errors come along.
export * from '@grantkit/core';
