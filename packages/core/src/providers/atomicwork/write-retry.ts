/**
 * How AtomicworkClient repeats a write that has no idempotency key upstream (providers.md 1.5):
 * only after a lookup showed it did not land (`outcomeUncertain`), or after a 429 that says the
 * request was not processed. The transport never repeats these POSTs by itself.
 */
import { isOutcomeUnknown, ProviderError, RateLimitedError } from '../../errors.js';
import { backoffDelay } from '../../http/backoff.js';
import type { ReliabilityOptions } from '../../http/options.js';

/** GRANTED and EXTENDED are the ACTIVE bucket (providers.md 1.2). */
export function isActiveGrantStatus(status: string): boolean {
  return status === 'GRANTED' || status === 'EXTENDED';
}

/** The write may or may not have been applied: a lost reply, a timeout, or a 5xx. */
export function outcomeUncertain(error: unknown): boolean {
  if (isOutcomeUnknown(error)) return true;
  return error instanceof ProviderError && (error.upstreamStatus ?? 0) >= 500;
}

/** Delay before another write attempt, or undefined when it must not be repeated. */
export function writeRetryDelay(r: ReliabilityOptions, error: unknown, attempt: number, uncertain: boolean): number | undefined {
  if (attempt > r.maxRetries) return undefined;
  if (error instanceof RateLimitedError) {
    const wait = error.retryAfterMs ?? backoffDelay(attempt - 1, r.baseDelayMs, r.maxDelayMs);
    return wait <= r.maxRetryAfterMs ? wait : undefined;
  }
  if (!uncertain) return undefined;
  return backoffDelay(attempt - 1, r.baseDelayMs, r.maxDelayMs);
}
