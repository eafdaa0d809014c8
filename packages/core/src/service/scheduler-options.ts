/**
 * The scheduler's settings: one defaults constant, checked when the Grantkit is created and again
 * when `startScheduler(options)` overrides them, so a wrong value is a ConfigError naming the field
 * instead of a timer that never fires or fires in a loop.
 */
import { ConfigError } from '../errors.js';
import type { SweepOptions } from './sweep.js';

export interface SchedulerOptions extends SweepOptions {
  /**
   * How often the backstop sweep runs, in ms: drift checks, and any due work the timer did not
   * catch (a clock that jumped, another process's writes when `pollMs` is 0). Due work itself is
   * not waited for: a timer fires at the next due start or end. Default 30000.
   */
  intervalMs?: number;
  /**
   * How often the scheduler re-reads the next due time from the store, in ms, to see work written
   * by other processes on the same store and to notice a wall clock that jumped. One indexed
   * read per poll. 0 turns polling off (a single process: its own writes re-arm the timer).
   * Default 1000.
   */
  pollMs?: number;
}

export interface ResolvedSchedulerOptions {
  intervalMs: number;
  pollMs: number;
  batchSize: number;
  concurrency: number;
  driftChecks: number;
  driftIntervalMs: number | undefined;
}

export const SCHEDULER_DEFAULTS = {
  intervalMs: 30_000,
  pollMs: 1000,
  batchSize: 100,
  concurrency: 8,
  driftChecks: 25,
} as const satisfies Omit<Required<SchedulerOptions>, 'driftIntervalMs'>;

/** Bounds that keep a typo from turning into a hot loop or a stalled queue. */
const LIMITS = {
  intervalMs: { min: 10, max: 2 ** 31 - 1 },
  pollMs: { min: 0, max: 2 ** 31 - 1 },
  batchSize: { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 1000 },
  driftChecks: { min: 0, max: 10_000 },
  driftIntervalMs: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** Fills in the defaults and checks every field; throws a ConfigError naming the first bad one. */
export function resolveSchedulerOptions(options: SchedulerOptions | undefined, where = 'scheduler'): ResolvedSchedulerOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ConfigError(`${where} options must be an object, e.g. { intervalMs: 30000 }; got ${options === null ? 'null' : typeof options}.`);
  }
  const o = options ?? {};
  const pick = (field: keyof typeof LIMITS, fallback: number | undefined): number | undefined => {
    const value = o[field];
    if (value === undefined) return fallback;
    const { min, max } = LIMITS[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${where}.${field} must be a whole number from ${min} to ${max}; got ${describe(value)}.`);
    }
    return value;
  };
  return {
    intervalMs: pick('intervalMs', SCHEDULER_DEFAULTS.intervalMs)!,
    pollMs: pick('pollMs', SCHEDULER_DEFAULTS.pollMs)!,
    batchSize: pick('batchSize', SCHEDULER_DEFAULTS.batchSize)!,
    concurrency: pick('concurrency', SCHEDULER_DEFAULTS.concurrency)!,
    driftChecks: pick('driftChecks', SCHEDULER_DEFAULTS.driftChecks)!,
    driftIntervalMs: pick('driftIntervalMs', undefined),
  };
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `the string "${value.slice(0, 20)}"`;
  return value === null ? 'null' : typeof value;
}
