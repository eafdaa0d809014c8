import { AbortError } from '../errors.js';
import { sleep } from './backoff.js';

/**
 * Client-side limits: at most `requestsPerSecond` request starts per second (evenly spaced, so a
 * provider's per-second limit is never crossed in a burst) and at most `maxConcurrency` in flight.
 * Waiters are served first come, first served and leave the queue when their signal aborts.
 */
export class Limiter {
  private inFlight = 0;
  private nextStartAt = 0;
  private readonly waiters: Array<{ resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal | undefined }> = [];
  private readonly intervalMs: number;

  constructor(
    requestsPerSecond: number | undefined,
    private readonly maxConcurrency: number | undefined,
  ) {
    this.intervalMs = requestsPerSecond ? 1000 / requestsPerSecond : 0;
  }

  get active(): boolean {
    return this.intervalMs > 0 || this.maxConcurrency !== undefined;
  }

  /** Waits for a slot; the caller must call the returned release exactly once. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (!this.active) return noop;
    if (this.maxConcurrency !== undefined && this.inFlight >= this.maxConcurrency) {
      await new Promise<void>((resolve, reject) => {
        const waiter = { resolve, reject, signal };
        this.waiters.push(waiter);
        signal?.addEventListener(
          'abort',
          () => {
            const i = this.waiters.indexOf(waiter);
            if (i >= 0) this.waiters.splice(i, 1);
            reject(new AbortError());
          },
          { once: true },
        );
      });
    } else {
      this.inFlight++;
    }
    // Spacing: reserve the next start time synchronously, then wait for it.
    if (this.intervalMs > 0) {
      const now = Date.now();
      const startAt = Math.max(now, this.nextStartAt);
      this.nextStartAt = startAt + this.intervalMs;
      if (startAt > now) {
        try {
          await sleep(startAt - now, signal);
        } catch (e) {
          this.release();
          throw e;
        }
      }
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private release(): void {
    const next = this.waiters.shift();
    // Hand the slot straight to the next waiter: inFlight stays the same.
    if (next) next.resolve();
    else this.inFlight--;
  }
}

function noop(): void {}
