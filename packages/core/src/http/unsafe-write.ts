/**
 * Repeating a write the provider cannot dedupe by itself (an Atomicwork create or revoke, a Seam
 * create): the transport never repeats such a POST, so the provider client runs it through here.
 * Before any repeat, `lookup` checks whether an earlier attempt landed, so a lost reply never
 * turns into a second grant. Only a write that provably did not land is sent again.
 */
import { AbortError, isGrantkitError, isOutcomeUnknown, NetworkError, ProviderError, RateLimitedError } from '../errors.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ReliabilityOptions } from './options.js';

export type RetrySettings = Pick<ReliabilityOptions, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;

export interface UnsafeWrite<T> {
  /** Sends the write once. */
  send(): Promise<T>;
  /** What an earlier attempt (or anyone) already did that this write asked for; null when nothing. */
  lookup(): Promise<T | null>;
  /** Refusals that can mean "already done" (a duplicate key, a 409): answered by lookup, never resent. */
  isRefusal?(error: unknown): boolean;
  reliability: RetrySettings;
  signal?: AbortSignal | undefined;
}

/** sent: this call's write was answered. recovered: its reply was lost but lookup found it. already_done: refused, lookup found it. */
export type UnsafeWriteOutcome = 'sent' | 'recovered' | 'already_done';

export async function runUnsafeWrite<T>(write: UnsafeWrite<T>): Promise<{ value: T; outcome: UnsafeWriteOutcome }> {
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      return { value: await write.send(), outcome: 'sent' };
    } catch (error) {
      failure = error;
    }
    if (!isGrantkitError(failure) || failure instanceof AbortError) throw failure;
    const refused = write.isRefusal?.(failure) ?? false;
    const uncertain = outcomeUncertain(failure);
    if (refused || uncertain) {
      const found = await write.lookup().catch((lookupError: unknown) => {
        // The lookup failed too: the outcome stays unknown; say so with the original error.
        throw lookupError instanceof AbortError ? lookupError : failure;
      });
      if (found !== null) return { value: found, outcome: refused ? 'already_done' : 'recovered' };
      if (refused) throw failure;
    }
    const delayMs = writeRetryDelay(write.reliability, failure, attempt, uncertain);
    if (delayMs === undefined) throw failure;
    await sleep(delayMs, write.signal);
  }
}

/** The write may or may not have been applied: a lost reply, a timeout, or a 5xx. */
export function outcomeUncertain(error: unknown): boolean {
  if (isOutcomeUnknown(error)) return true;
  return error instanceof ProviderError && (error.upstreamStatus ?? 0) >= 500;
}

/**
 * Delay before another attempt, or undefined when the write must not be repeated: repeated after
 * a 429 (the provider did not process it), after a connection that never opened, and after an
 * uncertain outcome that lookup showed did not land.
 */
export function writeRetryDelay(r: RetrySettings, error: unknown, attempt: number, uncertain: boolean): number | undefined {
  if (attempt > r.maxRetries) return undefined;
  if (error instanceof RateLimitedError) {
    const wait = error.retryAfterMs ?? backoffDelay(attempt - 1, r.baseDelayMs, r.maxDelayMs);
    return wait <= r.maxRetryAfterMs ? wait : undefined;
  }
  const notSent = error instanceof NetworkError && !error.outcomeUnknown;
  if (!uncertain && !notSent) return undefined;
  return backoffDelay(attempt - 1, r.baseDelayMs, r.maxDelayMs);
}
