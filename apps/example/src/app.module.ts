/**
 * The example's root module: GrantkitModule.forRootAsync builds the Grantkit from the runtime the
 * environment produced (provider configs, the SQLite store, the console logger, the sweep interval).
 */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SqliteGrantStore } from '@grantkit/core/sqlite';
import { GrantkitExceptionFilter, GrantkitModule, type GrantkitModuleOptions } from '@grantkit/nestjs';
import { AppRuntime } from './app-runtime.js';
import { HealthController } from './health.controller.js';

@Global()
@Module({})
class RuntimeModule {}

@Module({})
export class AppModule {
  static register(runtime: AppRuntime): DynamicModule {
    const runtimeModule: DynamicModule = {
      module: RuntimeModule,
      global: true,
      providers: [{ provide: AppRuntime, useValue: runtime }],
      exports: [AppRuntime],
    };
    return {
      module: AppModule,
      imports: [
        runtimeModule,
        GrantkitModule.forRootAsync({
          imports: [runtimeModule],
          inject: [AppRuntime],
          useFactory: async (rt: AppRuntime): Promise<GrantkitModuleOptions> => ({
            providers: { atomicwork: rt.providers.atomicwork, zitadel: rt.providers.zitadel, seam: rt.providers.seam },
            // The module closes the store on shutdown (Grantkit.close()).
            store: await SqliteGrantStore.open({ path: rt.dbPath }),
            logger: rt.logger,
            scheduler: { intervalMs: rt.config.sweepIntervalMs },
          }),
          isGlobal: true,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: GrantkitExceptionFilter }],
    };
  }
}
