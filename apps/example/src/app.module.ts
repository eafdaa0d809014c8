/**
 * The example's root module: GrantkitModule.forRootAsync builds the Grantkit from the runtime the
 * environment produced (provider clients, the SQLite store, the console logger, the sweep interval).
 */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Grantkit, GrantkitExceptionFilter, GrantkitModule, type GrantkitModuleOptions } from '@grantkit/nestjs';
import { createDoorAccess, DoorAccess, SeamClient } from '@grantkit/seam';
import { AppRuntime } from './app-runtime.js';
import { HealthController } from './health.controller.js';
import { HttpProblemFilter } from './http-problem.filter.js';
import { SeamWebhookController } from './stays/seam-webhook.controller.js';
import { StaysController } from './stays/stays.controller.js';

@Global()
@Module({})
class RuntimeModule {}

@Module({})
export class AppModule {
  static register(runtime: AppRuntime): DynamicModule {
    const runtimeModule: DynamicModule = {
      module: RuntimeModule,
      global: true,
      providers: [
        { provide: AppRuntime, useValue: runtime },
        // One Seam client for the Grantkit and the door-access helper; Grantkit.close() closes it.
        { provide: SeamClient, useFactory: (rt: AppRuntime) => rt.providers.seam, inject: [AppRuntime] },
      ],
      exports: [AppRuntime, SeamClient],
    };
    return {
      module: AppModule,
      imports: [
        runtimeModule,
        GrantkitModule.forRootAsync({
          imports: [runtimeModule],
          inject: [AppRuntime, SeamClient],
          useFactory: (rt: AppRuntime, seam: SeamClient): GrantkitModuleOptions => ({
            providers: { atomicwork: rt.providers.atomicwork, zitadel: rt.providers.zitadel, seam },
            // The module closes the store on shutdown (Grantkit.close()).
            store: rt.storeFile.store,
            logger: rt.logger,
            scheduler: { intervalMs: rt.config.sweepIntervalMs },
          }),
          isGlobal: true,
        }),
      ],
      controllers: [HealthController, StaysController, SeamWebhookController],
      providers: [
        { provide: APP_FILTER, useClass: HttpProblemFilter },
        { provide: APP_FILTER, useClass: GrantkitExceptionFilter },
        // Stays are recorded as Grantkit grants: they show in /api/grants and their audit trail.
        { provide: DoorAccess, useFactory: (seam: SeamClient, grantkit: Grantkit) => createDoorAccess({ seam, grantkit }), inject: [SeamClient, Grantkit] },
      ],
    };
  }
}
