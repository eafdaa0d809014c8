/**
 * The scheduler's drain: works through ALL due work, not one batch. Up to `concurrency` workers
 * take accesses from a queue; whenever the queue runs dry, one of them refills it from the store
 * (the next `batchSize` due grants, marked in one unit, and the next due accesses), with a fresh
 * clock reading, so a window that ends while the drain runs is taken in the same drain. No worker
 * waits for the slowest drive of a batch, and none waits for a timer between batches. The drain
 * ends when a refill finds nothing due, when `stopped()` says so, or at `deadline` (so the
 * scheduler's other duties get a turn under a load that never lets up).
 *
 * Provider rate limits stay where they are enforced: in each provider client's limiter. The
 * drain's concurrency only bounds how many accesses wait on it at once.
 */
import { describeError, type ServiceContext } from './context.js';
import { driveJoining } from './converge.js';
import { markDueGrants, newReport, record, type SweepReport } from './sweep.js';

export interface DrainOptions {
  batchSize: number;
  concurrency: number;
  /** Stop taking new work after this time (`performance.now()` ms); work in flight finishes. */
  deadline: number;
  stopped: () => boolean;
}

export interface DrainSummary {
  started: number;
  expired: number;
  reconciled: number;
  drifted: number;
  failed: number;
  /**
   * Work that moved: grants marked, drives that ran (a failed provider write counts: it moved the
   * access's due time to its retry). 0 means what is due could not be worked on by this process.
   */
  progressed: number;
}

export async function drainDue(ctx: ServiceContext, options: DrainOptions): Promise<DrainSummary> {
  const summary: DrainSummary = { started: 0, expired: 0, reconciled: 0, drifted: 0, failed: 0, progressed: 0 };
  /** Accesses to drive, in the order found (a Map keeps insertion order), with their key. */
  const queue = new Map<string, string>();
  const driving = new Set<string>();
  /** Grants and accesses this drain passes over: a provider not configured here, an unexpected error. */
  const skip = new Set<string>();
  // The grants this drain marked, to report them as expired (not reconciled) once settled; the
  // deadline bounds how many a drain can collect.
  const started = new Set<string>();
  const expiring = new Set<string>();
  let refilling: Promise<number> | undefined;

  const count = (report: SweepReport) => {
    summary.started += report.started.length;
    summary.expired += report.expired.length;
    summary.reconciled += report.reconciled.length;
    summary.drifted += report.drifted.length;
    summary.failed += report.failed.length;
  };

  /** One refill at a time; every worker that finds the queue empty waits for the same one. */
  const refill = (): Promise<number> =>
    (refilling ??= (async () => {
      try {
        const now = ctx.clock();
        const marked = await markDueGrants(ctx, now, options.batchSize, skip);
        marked.started.forEach((id) => started.add(id));
        marked.expiring.forEach((id) => expiring.add(id));
        const moved = marked.started.size + marked.expiring.size + marked.endedBeforeStart.length;
        summary.progressed += moved;
        summary.started += marked.started.size;
        summary.expired += marked.endedBeforeStart.length;
        // Taken but already done elsewhere: never taken again in this drain, so it cannot loop.
        marked.untouched.forEach((id) => skip.add(id));
        for (const [id, key] of marked.toDrive) queue.set(id, key);
        const accesses = await ctx.store.dueAccesses(now.getTime(), options.batchSize + queue.size + driving.size + skip.size);
        let found = 0;
        for (const a of accesses) {
          if (queue.has(a.id) || driving.has(a.id) || skip.has(a.id)) continue;
          if (ctx.adapters[a.provider] === undefined) {
            skip.add(a.id);
            continue;
          }
          queue.set(a.id, a.key);
          if (++found >= options.batchSize) break;
        }
        spawn();
        return moved + marked.toDrive.size + marked.untouched.length + found;
      } finally {
        refilling = undefined;
      }
    })());
  /** Refills before the queue runs dry, so no worker idles while the store is read. */
  const prefetch = () => {
    if (refilling || queue.size >= options.concurrency || !open()) return;
    refill().catch((error: unknown) => ctx.logger.error({ error: describeError(error) }, 'finding due work failed'));
  };

  const workers = new Set<Promise<void>>();
  const spawn = () => {
    const wanted = Math.min(options.concurrency, workers.size + queue.size);
    while (workers.size < wanted) {
      const w: Promise<void> = work().finally(() => workers.delete(w));
      workers.add(w);
    }
  };
  const open = () => !options.stopped() && performance.now() < options.deadline;

  const work = async (): Promise<void> => {
    while (open()) {
      const next = queue.entries().next();
      if (next.done) {
        let found: number;
        try {
          found = await refill();
        } catch (error) {
          // The store failed: end this worker; the scheduler tries again after a pause.
          ctx.logger.error({ error: describeError(error) }, 'finding due work failed');
          return;
        }
        if (found === 0) return;
        continue;
      }
      const [accessId, key] = next.value;
      queue.delete(accessId);
      driving.add(accessId);
      prefetch();
      try {
        const result = await driveJoining(ctx, key, accessId);
        // Busy: another process holds the claim and decides again after its write.
        if (result?.busy) skip.add(accessId);
        else if (result) summary.progressed++;
        const report = newReport();
        record(report, result, started, expiring);
        count(report);
      } catch (error) {
        // Not a provider failure (those are results): a bug or a store error. Pass over this
        // access for the rest of the drain instead of taking it again and again.
        skip.add(accessId);
        summary.failed++;
        ctx.logger.error({ accessId, error: describeError(error) }, 'scheduled drive failed');
      } finally {
        driving.delete(accessId);
      }
    }
  };

  // The queue starts empty: one worker does the first refill and spawns the others.
  const first: Promise<void> = work().finally(() => workers.delete(first));
  workers.add(first);
  while (workers.size > 0) await Promise.all([...workers]);
  return summary;
}
