export { GrantkitModule, buildGrantkit } from './grantkit.module.js';
export type {
  GrantkitModuleAsyncOptions,
  GrantkitModuleForRootOptions,
  GrantkitOptionsFactory,
} from './grantkit.module-definition.js';
export type {
  GrantkitModuleExtras,
  GrantkitModuleOptions,
  GrantkitModuleSchedulerOptions,
  GrantsControllerOptions,
} from './grantkit.options.js';
export { GRANTKIT, GRANTKIT_MODULE_OPTIONS } from './grantkit.constants.js';
export { InjectGrantkit } from './grantkit.decorators.js';
export { GrantkitExceptionFilter } from './grantkit-exception.filter.js';
// One import for users: the core's service, types and errors come along.
export * from '@grantkit/core';
