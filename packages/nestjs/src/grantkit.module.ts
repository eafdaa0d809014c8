import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { createGrantkit, Grantkit } from '@grantkit/core';
import { GRANTKIT, GRANTKIT_MODULE_OPTIONS } from './grantkit.constants.js';
import { GrantkitConfigurableModule } from './grantkit.module-definition.js';
import type { GrantkitModuleOptions } from './grantkit.options.js';

/** Builds the service; `scheduler.enabled` is the module's business, not the core's. */
function buildGrantkit(options: GrantkitModuleOptions): Grantkit {
  const { scheduler, ...rest } = options ?? ({} as GrantkitModuleOptions);
  const { enabled: _enabled, ...sweep } = scheduler ?? {};
  return createGrantkit({ ...rest, scheduler: sweep });
}

const grantkitProviders: Provider[] = [
  { provide: GRANTKIT, useFactory: buildGrantkit, inject: [GRANTKIT_MODULE_OPTIONS] },
  // Lets apps inject by type (`constructor(grantkit: Grantkit)`) as well as with @InjectGrantkit().
  { provide: Grantkit, useExisting: GRANTKIT },
];

/**
 * The grantkit dynamic module: `GrantkitModule.forRoot(options)` or
 * `GrantkitModule.forRootAsync({ imports, inject, useFactory })`, each with `isGlobal`.
 *
 * Lifecycle: the scheduler starts when the application bootstraps (unless `scheduler.enabled` is
 * false); on shutdown it stops before the HTTP server closes (no new sweep starts while requests
 * drain) and the provider clients' pools and the store close after it (requests in flight finish
 * first). Call `app.enableShutdownHooks()` so SIGTERM runs these.
 */
@Module({ providers: grantkitProviders, exports: [GRANTKIT, Grantkit] })
export class GrantkitModule
  extends GrantkitConfigurableModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(GRANTKIT) private readonly grantkit: Grantkit,
    @Inject(GRANTKIT_MODULE_OPTIONS) private readonly options: GrantkitModuleOptions,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    if (this.options.scheduler?.enabled !== false) this.grantkit.startScheduler();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.grantkit.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.grantkit.close();
  }
}
