import type { GrantkitOptions, SchedulerOptions } from '@grantkit/core';

/** The scheduler as the module runs it: the core's settings plus whether to run it at all. */
export interface GrantkitModuleSchedulerOptions extends SchedulerOptions {
  /**
   * Start `grantkit.startScheduler()` when the application bootstraps (and stop it on shutdown).
   * Default `true`: the sweep is what expires grants whose window ended and finishes interrupted
   * operations, so an app that forgets it leaves access in place. Set `false` in processes that
   * should not sweep, e.g. API replicas when a separate worker runs the sweeps. Sweeps from several
   * processes on one store are safe either way (work is leased in the store).
   */
  enabled?: boolean;
}

/**
 * What `GrantkitModule.forRoot()` takes and a `forRootAsync()` factory returns: the core's
 * `GrantkitOptions` (providers, store, clock, logger, leaseMs) with `scheduler` extended by
 * `enabled`. The module builds the `Grantkit` with `createGrantkit()` and owns it: it closes the
 * provider clients and the store on shutdown.
 */
export interface GrantkitModuleOptions extends Omit<GrantkitOptions, 'scheduler'> {
  /** Sweep settings and whether the module runs the scheduler. Default: enabled, every 30 s. */
  scheduler?: GrantkitModuleSchedulerOptions;
}

/** Extras of `forRoot`/`forRootAsync`, next to the options (they shape the module, not the service). */
export interface GrantkitModuleExtras {
  /** Register the module globally, so every module can inject the Grantkit. Default `false`. */
  isGlobal?: boolean;
}
