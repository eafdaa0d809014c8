import { ConfigError } from '../errors.js';

/**
 * Reliability defaults for every provider client, in one place. A client overrides them with its
 * `reliability` option and a single call with `request({ reliability })` (stripe-node and
 * @seamapi/http work the same way).
 */
export interface ReliabilityOptions {
  /** Per-attempt timeout in ms covering connect, response headers and the whole body. Default 30000. */
  timeoutMs: number;
  /** Retries after the first attempt, for calls that are safe to repeat. Default 2. */
  maxRetries: number;
  /** Base delay of the exponential backoff with full jitter, in ms. Default 200. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay, in ms. Default 10000. */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` that is waited out, in ms. A 429 or 503 asking for longer ends the
   * retries with a RateLimitedError / ProviderError carrying `retryAfterMs`. Default 60000.
   */
  maxRetryAfterMs: number;
  /** Client-side cap on requests started per second; `undefined` = no cap. Default undefined. */
  requestsPerSecond: number | undefined;
  /** Client-side cap on requests in flight; `undefined` = no cap. Default undefined. */
  maxConcurrency: number | undefined;
  /** Keep-alive connections per origin in the undici Pool. Default 64. */
  connections: number;
}

/** Options that may change per call (the limits and the pool are per client). */
export type CallReliability = Pick<ReliabilityOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;

export const DEFAULT_RELIABILITY = {
  timeoutMs: 30_000,
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  requestsPerSecond: undefined,
  maxConcurrency: undefined,
  connections: 64,
} as const satisfies ReliabilityOptions;

/** The defaults with a client's overrides on top (undefined keeps the default), validated. */
export function resolveReliability(overrides: Partial<ReliabilityOptions> | undefined): ReliabilityOptions {
  const r: ReliabilityOptions = { ...DEFAULT_RELIABILITY, ...definedOnly(overrides) };
  const check = (name: keyof ReliabilityOptions, allowZero: boolean) => {
    const v = r[name];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw new ConfigError(`reliability.${name} must be a ${allowZero ? 'non-negative' : 'positive'} number; got ${String(v)}.`);
    }
  };
  for (const name of ['timeoutMs', 'requestsPerSecond', 'maxConcurrency', 'connections'] as const) check(name, false);
  for (const name of ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) check(name, true);
  return r;
}

/** A copy without the keys whose value is undefined, so spreading it never erases a default. */
export function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
