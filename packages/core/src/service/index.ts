export { createGrantkit } from './create-grantkit.js';
export type { GrantkitOptions } from './create-grantkit.js';
export { Grantkit } from './grantkit.js';
export type { SchedulerOptions } from './grantkit.js';
export type { GrantCallOptions } from './create.js';
export type { SweepOptions, SweepReport } from './sweep.js';
export type { CreateContext, ProviderAdapter, ProviderCapabilities, ProviderCreateResult, ProviderState } from './adapter.js';
export { silentLogger } from './logger.js';
export type { GrantkitLogger } from './logger.js';
