/**
 * The scheduler's one timer: "wake me by this wall-clock time". Due times are wall-clock (a grant
 * ends at 17:00), Node timers run on the monotonic clock, and `setTimeout` cannot wait longer than
 * 2^31-1 ms (~24.8 days; a longer delay fires after 1 ms instead). So every wait is capped, the
 * moment the timer will really fire is kept on the monotonic clock (a wall clock that jumps
 * cannot make an armed timer look earlier or later than it is), and whoever is woken re-reads the
 * wall clock and the store before acting.
 */

/** The longest delay `setTimeout` honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class DueTimer {
  private handle: NodeJS.Timeout | undefined;
  /** When the armed timer fires, on the monotonic clock (`performance.now()`). */
  private fireAtMono = Infinity;

  /**
   * @param wallNow the service clock, epoch ms
   * @param maxWaitMs the longest single wait (the poll interval, or MAX_TIMER_MS)
   * @param wake called when the timer fires; it does not re-arm by itself
   */
  constructor(
    private readonly wallNow: () => number,
    private readonly maxWaitMs: number,
    private readonly wake: () => void,
  ) {}

  /**
   * Makes sure the timer fires by wall-clock time `at` (or after `maxWaitMs`, if sooner). A timer
   * already armed to fire earlier is kept; `Infinity` only arms the `maxWaitMs` wake-up.
   */
  armAt(at: number): void {
    const delay = Math.max(0, Math.min(at - this.wallNow(), this.maxWaitMs, MAX_TIMER_MS));
    if (!Number.isFinite(delay)) return;
    const fireAtMono = performance.now() + delay;
    if (this.handle && this.fireAtMono <= fireAtMono) return;
    this.clear();
    this.fireAtMono = fireAtMono;
    this.handle = setTimeout(() => {
      this.handle = undefined;
      this.fireAtMono = Infinity;
      this.wake();
    }, Math.ceil(delay));
    // The scheduler alone must not keep a process alive; the app's server does that.
    this.handle.unref();
  }

  /** The armed delay left, in ms (Infinity when not armed). For tests and logs. */
  get remainingMs(): number {
    return this.handle ? Math.max(0, this.fireAtMono - performance.now()) : Infinity;
  }

  clear(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.fireAtMono = Infinity;
  }
}
