/**
 * The scheduler behind `startScheduler()`: access starts and ends on time.
 *
 * - A timer is armed for the next due time in the store (a scheduled start, a window end, a
 *   retry). A unit of this process that writes an earlier due time re-arms it (`ctx.onDue`).
 * - When it fires, the drain works through everything due, with bounded concurrency, until
 *   nothing is due; then the timer is armed for what comes next.
 * - Every `pollMs` the next due time is read again (other processes' writes on a shared store, a
 *   wall clock that jumped); every `intervalMs` a backstop round runs the drift checks and catches
 *   anything else.
 *
 * One round runs at a time. Claims in the store (see converge.ts) keep two schedulers, in one
 * process or in several, from doing the same provider write twice. Nothing here keeps the
 * process alive: every timer is unref'ed.
 */
import { describeError, type ServiceContext } from './context.js';
import { drainDue, type DrainSummary } from './drain.js';
import { DueTimer, MAX_TIMER_MS } from './due-timer.js';
import type { ResolvedSchedulerOptions } from './scheduler-options.js';
import { checkDrift, newReport } from './sweep.js';

/** First pause after a drain that could move nothing, doubled each time up to the cap. */
const STUCK_FIRST_MS = 250;
const STUCK_MAX_MS = 5000;

export class Scheduler {
  private readonly timer: DueTimer;
  private backstop: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private active = false;
  /** Set when a wake-up arrives while a round runs: the round looks again before it sleeps. */
  private again = false;
  private driftOwed = false;
  /**
   * After a drain that moved nothing, due work is left alone until then (`performance.now()`
   * ms: monotonic, so a wall clock set back cannot stretch the pause).
   */
  private quietUntilMono = 0;
  private stuckMs = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: ResolvedSchedulerOptions,
  ) {
    const maxWait = settings.pollMs > 0 ? Math.min(settings.pollMs, MAX_TIMER_MS) : MAX_TIMER_MS;
    this.timer = new DueTimer(() => ctx.clock().getTime(), maxWait, () => this.wake());
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.backstop = setInterval(() => {
      this.driftOwed = true;
      this.wake();
    }, this.settings.intervalMs);
    this.backstop.unref();
    // The first round also checks drift, as the first sweep of the old scheduler did, and picks
    // up whatever became due while no scheduler ran (a restart).
    this.driftOwed = true;
    this.wake();
  }

  /** A unit of this process wrote due work at `at` (epoch ms): fire by then. */
  onDue(at: number): void {
    if (this.active) this.timer.armAt(at);
  }

  /** Stops arming timers and waits for the round in flight (its drives finish; no new ones start). */
  async stop(): Promise<void> {
    this.active = false;
    this.timer.clear();
    if (this.backstop) clearInterval(this.backstop);
    this.backstop = undefined;
    await this.round;
  }

  /** How long until the timer fires, in ms (Infinity when not armed). */
  get armedInMs(): number {
    return this.timer.remainingMs;
  }

  private wake(): void {
    if (!this.active) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.run()
      .catch((error: unknown) => {
        this.ctx.logger.error({ error: describeError(error) }, 'scheduler round failed');
        // The store may be down: look again after a pause rather than never or at once.
        this.pause();
        this.timer.armAt(this.quietEndsAt());
      })
      .finally(() => {
        this.round = undefined;
        if (this.again) this.wake();
      });
  }

  private async run(): Promise<void> {
    while (this.active) {
      this.again = false;
      const next = await this.ctx.store.nextDueAt();
      const now = this.ctx.clock().getTime();
      if (next !== null && next <= now && performance.now() >= this.quietUntilMono) {
        const summary = await drainDue(this.ctx, {
          batchSize: this.settings.batchSize,
          concurrency: this.settings.concurrency,
          // Give the backstop's drift checks a turn under a load that never lets up.
          deadline: performance.now() + this.settings.intervalMs,
          stopped: () => !this.active,
        });
        this.log(summary);
        if (summary.progressed > 0) this.stuckMs = 0;
        else this.pause();
        // A drain that ran into its deadline: the drift checks go before the next one.
        if (this.driftOwed) await this.checkDrift();
        continue;
      }
      if (this.driftOwed) {
        await this.checkDrift();
        continue;
      }
      if (this.again) continue;
      this.timer.armAt(next === null ? Infinity : Math.max(next, this.quietEndsAt()));
      return;
    }
  }

  private async checkDrift(): Promise<void> {
    this.driftOwed = false;
    const report = newReport();
    await checkDrift(this.ctx, this.ctx.clock(), this.settings, report);
    if (report.drifted.length > 0 || report.failed.length > 0) {
      this.ctx.logger.info({ drifted: report.drifted.length, failed: report.failed.length }, 'scheduler drift checks');
    }
  }

  /**
   * Due work this process cannot move (its provider is not configured here, the store keeps
   * failing): leave it for a while, longer each time, instead of spinning on it.
   */
  private pause(): void {
    this.stuckMs = Math.min(STUCK_MAX_MS, this.stuckMs === 0 ? STUCK_FIRST_MS : this.stuckMs * 2);
    this.quietUntilMono = performance.now() + this.stuckMs;
  }

  /** The end of the pause on the service clock. */
  private quietEndsAt(): number {
    return this.ctx.clock().getTime() + Math.max(0, this.quietUntilMono - performance.now());
  }

  private log(s: DrainSummary): void {
    if (s.started + s.expired + s.reconciled + s.drifted + s.failed === 0) return;
    const { progressed: _progressed, ...counts } = s;
    this.ctx.logger.info(counts, 'scheduler drained due work');
  }
}
