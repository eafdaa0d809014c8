/**
 * createGrantkit: validates the options, turns each configured provider into an adapter, and
 * returns the Grantkit service.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConfigError, type ProviderName } from '../errors.js';
import { MemoryGrantStore } from '../store/memory-store.js';
import type { GrantStore } from '../store/types.js';
import type { ProviderAdapter } from './adapter.js';
import { toAdapter, type ProvidersOption } from './providers.js';
import type { ServiceContext } from './context.js';
import { Grantkit, type SchedulerOptions } from './grantkit.js';
import { silentLogger, type GrantkitLogger } from './logger.js';

export interface GrantkitOptions {
  /**
   * The providers to use, each optional but at least one: a client instance, the client's config
   * (the client is then created and closed by Grantkit), or a custom ProviderAdapter.
   */
  providers: ProvidersOption;
  /** Where grants and their audit trail live. Default: a new MemoryGrantStore (lost on restart). */
  store?: GrantStore;
  /** The time source, injectable for tests. Default: `() => new Date()`. */
  clock?: () => Date;
  /** pino, console or anything with info/warn/error(data, message). Default: silent. */
  logger?: GrantkitLogger;
  /** Settings of `sweep()` and `startScheduler()`. */
  scheduler?: SchedulerOptions;
  /**
   * How long a process holds its claim on an access while it writes to the provider, before
   * another process may take the access over, in ms. Keep it well above the slowest provider call
   * (including retries). Default 60000.
   */
  leaseMs?: number;
}

export function createGrantkit(options: GrantkitOptions): Grantkit {
  if (!options || typeof options !== 'object' || !options.providers || typeof options.providers !== 'object') {
    throw new ConfigError('createGrantkit needs providers, e.g. createGrantkit({ providers: { seam: { apiKey: process.env.SEAM_API_KEY } } }).');
  }
  const adapters: Partial<Record<ProviderName, ProviderAdapter>> = {};
  for (const [name, value] of Object.entries(options.providers)) {
    if (value === undefined) continue;
    if (name !== 'atomicwork' && name !== 'zitadel' && name !== 'seam') {
      throw new ConfigError(`Unknown provider "${name}" in createGrantkit providers; use atomicwork, zitadel or seam.`);
    }
    adapters[name] = toAdapter(name, value);
  }
  if (Object.keys(adapters).length === 0) {
    throw new ConfigError('createGrantkit needs at least one provider in providers: atomicwork, zitadel or seam.');
  }
  const leaseMs = options.leaseMs ?? 60_000;
  if (!Number.isFinite(leaseMs) || leaseMs < 100) throw new ConfigError(`leaseMs must be at least 100 ms; got ${String(options.leaseMs)}.`);
  const ctx: ServiceContext = {
    store: options.store ?? new MemoryGrantStore(),
    adapters,
    clock: options.clock ?? (() => new Date()),
    logger: options.logger ?? silentLogger,
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseMs,
    driftIntervalMs: options.scheduler?.driftIntervalMs ?? 300_000,
    inflight: new Map(),
  };
  return new Grantkit(ctx, options.scheduler);
}
