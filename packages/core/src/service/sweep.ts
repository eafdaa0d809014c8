/**
 * The sweep: starts scheduled grants, lets go of grants whose window ended, drives every access
 * that is owed work (an interrupted write, a crashed holder, a retry), and re-reads held accesses
 * for drift. Time-bound grant work is one unit per batch; every provider write runs under the
 * access's claim, so two sweeps (in one process or in two on one store) never do the same write.
 */
import type { Grant } from '../domain/grant.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { isOutcomeUnknown } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import { describeError, load, unit, type ServiceContext, type Unit } from './context.js';
import { driveAccess, driveJoining, markOwed, type DriveResult } from './converge.js';
import { accessKeyOfGrant } from './create.js';
import { isLeaving } from './plan.js';
import { inParallel } from './concurrency.js';
import { toGrant } from './records.js';

export interface SweepOptions {
  /** Most grants and most accesses taken per sweep. Default 100. */
  batchSize?: number;
  /** Accesses driven at the same time. Default 8. */
  concurrency?: number;
  /** Held accesses re-read from the provider per sweep (drift detection). Default 25; 0 disables. */
  driftChecks?: number;
  /** A held access is re-read when its last check is older than this, in ms. Default 5 minutes. */
  driftIntervalMs?: number;
}

export interface SweepReport {
  /** Scheduled grants whose start came. */
  started: string[];
  /** Grants whose window ended and that let go of their access. */
  expired: string[];
  /** Grants whose interrupted operation was finished. */
  reconciled: string[];
  /** Grants ended because the provider no longer holds what they claim. */
  drifted: string[];
  /** Grants still waiting on a provider write that failed (retried later), with the error. */
  failed: Array<{ id: string; error: string }>;
}

export async function sweep(base: ServiceContext, now: Date, options: SweepOptions = {}): Promise<SweepReport> {
  // A sweep "as of" another time (tests, catching up) sees leases and windows as of that time.
  const offset = now.getTime() - base.clock().getTime();
  const ctx: ServiceContext = offset === 0 ? base : { ...base, clock: () => new Date(base.clock().getTime() + offset) };
  const report = newReport();
  const batch = options.batchSize ?? 100;
  const marked = await markDueGrants(ctx, now, batch);
  report.started.push(...marked.started);
  report.expired.push(...marked.endedBeforeStart);
  const toDrive = new Map(marked.toDrive);
  for (const a of await ctx.store.dueAccesses(now.getTime(), batch)) {
    if (ctx.adapters[a.provider]) toDrive.set(a.id, a.key);
  }
  await inParallel([...toDrive], options.concurrency ?? 8, async ([accessId, key]) => {
    // One access failing (a store error, a bug) must not stop the others: it is reported, and due again.
    const result = await driveJoining(ctx, key, accessId).catch((error: unknown) => {
      report.failed.push({ id: accessId, error: describeError(error) });
      return null;
    });
    record(report, result, marked.started, marked.expiring);
  });
  await checkDrift(ctx, now, options, report);
  return report;
}

export function newReport(): SweepReport {
  return { started: [], expired: [], reconciled: [], drifted: [], failed: [] };
}

/** What one batch of due grants came to: each marked in the same unit. */
export interface MarkedBatch {
  started: Set<string>;
  expiring: Set<string>;
  /** Scheduled grants whose whole window passed: expired without a provider call. */
  endedBeforeStart: string[];
  /** The accesses the marked grants claim or let go of, by id, with their key. */
  toDrive: Map<string, string>;
  /** Grants taken that needed nothing any more (another process marked them first). */
  untouched: string[];
}

/**
 * Marks up to `limit` due grants in one unit: a scheduled grant whose start came wants its access
 * created, a grant whose window ended lets go of it. Grants of a provider this process has no
 * adapter for are left due for a process that has one; `skip` names grants to pass over (and
 * collects those).
 */
export async function markDueGrants(ctx: ServiceContext, now: Date, limit: number, skip?: Set<string>): Promise<MarkedBatch> {
  const batch: MarkedBatch = { started: new Set(), expiring: new Set(), endedBeforeStart: [], toDrive: new Map(), untouched: [] };
  const found = await ctx.store.dueGrants(now.getTime(), limit + (skip?.size ?? 0));
  const due: GrantRecord[] = [];
  for (const g of found) {
    if (skip?.has(g.id)) continue;
    if (ctx.adapters[g.provider] === undefined) skip?.add(g.id);
    else if (due.length < limit) due.push(g);
  }
  if (due.length === 0) return batch;
  await unit(ctx, async (u) => {
    for (const g of due) {
      const kind = await markDue(u, g.id, now);
      if (kind === 'started') batch.started.add(g.id);
      if (kind === 'expiring') batch.expiring.add(g.id);
      if (kind === 'ended_before_start') batch.endedBeforeStart.push(g.id);
      if (kind === 'nothing') batch.untouched.push(g.id);
      if (kind === 'started' || kind === 'expiring') {
        batch.toDrive.set(g.accessId, accessKeyOfGrant(g));
        // Its access is due from now, in the same unit: the work survives a stop or a crash before the drive.
        await markOwed(u, ctx, g.accessId);
      }
    }
  });
  return batch;
}

/** Re-reads up to `driftChecks` held accesses whose last check is older than the drift interval. */
export async function checkDrift(ctx: ServiceContext, now: Date, options: SweepOptions, report: SweepReport): Promise<void> {
  const checks = options.driftChecks ?? 25;
  if (checks <= 0) return;
  const interval = options.driftIntervalMs ?? ctx.driftIntervalMs;
  // checkAt is the last check plus the store-wide interval; shift it to this call's interval.
  const stale = await ctx.store.staleAccesses(now.getTime() + ctx.driftIntervalMs - interval, checks);
  const none = new Set<string>();
  await inParallel(stale.filter((a) => ctx.adapters[a.provider] !== undefined), options.concurrency ?? 8, async (a) => {
    record(report, await driveAccess(ctx, a.key, a.id, { read: true }), none, none);
  });
}

type DueKind = 'started' | 'expiring' | 'ended_before_start' | 'nothing';

/** The time-bound work on one grant, re-checked inside the unit (another sweep may have done it). */
async function markDue(u: Unit, id: string, now: Date): Promise<DueKind> {
  const g = await u.getGrant(id);
  if (!g) return 'nothing';
  const stamp = now.toISOString();
  const at = now.getTime();
  const endsAt = g.window.endsAt ? Date.parse(g.window.endsAt) : null;
  const ended = endsAt !== null && endsAt <= at;
  if (g.status === 'scheduled') {
    if (!g.window.startsAt || Date.parse(g.window.startsAt) > at) return 'nothing';
    if (ended) {
      // The whole window passed before a sweep ran: nothing was ever created, nothing to take away.
      const done: GrantRecord = { ...g, status: 'expired', expiredAt: stamp, updatedAt: stamp, version: g.version + 1 };
      u.putGrant(done);
      u.emit(done, 'expired', { detail: 'window ended before it started' });
      return 'ended_before_start';
    }
    u.putGrant({ ...g, status: 'pending', pendingOp: 'create', updatedAt: stamp, version: g.version + 1 });
    return 'started';
  }
  if ((g.status === 'pending' || g.status === 'active') && ended && !isLeaving(g)) {
    u.putGrant({ ...g, pendingOp: 'expire', pendingArgs: { reason: 'window ended' }, updatedAt: stamp, version: g.version + 1 });
    return 'expiring';
  }
  return 'nothing';
}

export function record(report: SweepReport, result: DriveResult | null, started: Set<string>, expiring: Set<string>): void {
  if (!result) return;
  for (const id of result.settled) {
    if (expiring.has(id)) report.expired.push(id);
    else if (!started.has(id)) report.reconciled.push(id);
  }
  report.drifted.push(...result.drifted);
  for (const [id, error] of result.failed) report.failed.push({ id, error: describeError(error) });
  if (result.error !== undefined) {
    const error = describeError(result.error) + (isOutcomeUnknown(result.error) ? ' (outcome unknown; will reconcile)' : '');
    for (const id of result.waiting) report.failed.push({ id, error });
  }
}

/**
 * Re-reads the grant's access at the provider and records what changed there: gone or revoked
 * behind our back ends the grants claiming it (drift), progress such as Seam methods being issued
 * moves `pending` to `active`.
 */
export async function refresh(ctx: ServiceContext, id: string): Promise<Grant> {
  const record = await load(ctx, id);
  if (TERMINAL_STATUSES.includes(record.status) || record.status === 'scheduled') return toGrant(record);
  // A drive of this process already in flight has not read for us: driveJoining waits, then reads.
  const result = await driveJoining(ctx, accessKeyOfGrant(record), record.accessId, { read: true });
  if (result?.error !== undefined) throw result.error;
  return toGrant(await load(ctx, id));
}
