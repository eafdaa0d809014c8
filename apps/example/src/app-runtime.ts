/**
 * Everything the app resolved at start (configuration, providers, token, store, logger), as
 * one injectable value. A class, so controllers inject it by type (which needs the decorator
 * metadata the build emits; the end-to-end test fails without it).
 */
import type { GrantkitLogger } from '@grantkit/core';
import type { AppConfig } from './config.js';
import type { ProviderRuntime } from './runtime.js';
import type { StoreFile } from './store-file.js';

export class AppRuntime {
  constructor(
    readonly config: AppConfig,
    readonly providers: ProviderRuntime,
    readonly apiToken: string,
    readonly storeFile: StoreFile,
    readonly logger: GrantkitLogger,
  ) {}

  /** Where the SQLite store lives. */
  get dbPath(): string {
    return this.storeFile.path;
  }

  /** True when every provider is an embedded fake (the demo). */
  get allFake(): boolean {
    return Object.values(this.providers.modes).every((mode) => mode === 'fake');
  }
}
