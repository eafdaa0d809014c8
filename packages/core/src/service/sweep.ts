/**
 * The sweep: starts scheduled grants, expires grants whose window ended, finishes operations a
 * crashed or interrupted call left behind, and checks live grants for drift at the provider.
 * Work is claimed atomically in the store (a lease), so two sweeps, in one process or in two on
 * the same store, never create or revoke the same grant twice.
 */
import type { Grant } from '../domain/grant.js';
import type { GrantUpdate } from '../domain/request.js';
import { LIVE_STATUSES, TERMINAL_STATUSES, canTransition } from '../domain/status.js';
import type { GrantRecord } from '../store/types.js';
import { adapterFor, audit, describeError, load, mutate, type ServiceContext } from './context.js';
import { createAtProvider } from './create.js';
import { toGrant } from './records.js';
import { takeAway } from './revoke.js';
import { applyUpdate } from './update.js';

export interface SweepOptions {
  /** Most records claimed per sweep. Default 100. */
  batchSize?: number;
  /** Live grants re-read from the provider per sweep (drift detection). Default 25; 0 disables. */
  driftChecks?: number;
  /** A live grant is re-read when its last check is older than this, in ms. Default 5 minutes. */
  driftIntervalMs?: number;
}

export interface SweepReport {
  started: string[];
  expired: string[];
  reconciled: string[];
  drifted: string[];
  failed: Array<{ id: string; error: string }>;
}

export async function sweep(ctx: ServiceContext, now: Date, options: SweepOptions = {}): Promise<SweepReport> {
  const report: SweepReport = { started: [], expired: [], reconciled: [], drifted: [], failed: [] };
  const claimed = await ctx.store.claimDue(now.getTime(), { owner: ctx.owner, leaseMs: ctx.leaseMs, limit: options.batchSize ?? 100 });
  for (const record of claimed) {
    try {
      await handleDue(ctx, record, now, report);
    } catch (error) {
      report.failed.push({ id: record.id, error: describeError(error) });
      ctx.logger.warn({ grantId: record.id, error: describeError(error) }, 'sweep could not finish a grant; it will be retried');
      await releaseLease(ctx, record.id);
    }
  }
  const checks = options.driftChecks ?? 25;
  if (checks > 0) {
    const stale = await ctx.store.listStale(now.getTime() - (options.driftIntervalMs ?? 300_000), checks);
    for (const record of stale) {
      try {
        const before = record.status;
        const after = await refresh(ctx, record.id);
        if (after.status !== before && TERMINAL_STATUSES.includes(after.status)) report.drifted.push(record.id);
      } catch (error) {
        report.failed.push({ id: record.id, error: describeError(error) });
      }
    }
  }
  return report;
}

async function handleDue(ctx: ServiceContext, record: GrantRecord, now: Date, report: SweepReport): Promise<void> {
  const endsAt = record.window.endsAt ? Date.parse(record.window.endsAt) : null;
  const ended = endsAt !== null && endsAt <= now.getTime();
  const nativeWindows = adapterFor(ctx, record.provider).capabilities.nativeWindows;
  if (record.pendingOp === 'revoke' || record.pendingOp === 'expire') {
    await takeAway(ctx, record, record.pendingOp, record.pendingArgs ?? {});
    (record.pendingOp === 'expire' ? report.expired : report.reconciled).push(record.id);
    return;
  }
  if (record.pendingOp === 'update') {
    await applyUpdate(ctx, record, (record.pendingArgs ?? {}) as GrantUpdate);
    report.reconciled.push(record.id);
    return;
  }
  if (record.pendingOp === 'create') {
    const created = await createAtProvider(ctx, record, { reconcile: true });
    report.reconciled.push(record.id);
    if (ended) await expire(ctx, created, nativeWindows, report);
    return;
  }
  if (record.status === 'scheduled') {
    if (ended) {
      // The whole window passed before a sweep ran: nothing was ever created, nothing to take away.
      const done = await mutate(ctx, record.id, (r) => ({ ...r, status: 'expired', expiredAt: now.toISOString(), leaseOwner: null, leaseUntil: null }));
      await audit(ctx, done, 'expired', { detail: 'window ended before it started' });
      report.expired.push(record.id);
      return;
    }
    const intent = await mutate(ctx, record.id, (r) => ({ ...r, status: 'pending', pendingOp: 'create' }));
    await createAtProvider(ctx, intent, { reconcile: false });
    report.started.push(record.id);
    return;
  }
  if (LIVE_STATUSES.includes(record.status) && ended) {
    await expire(ctx, record, nativeWindows, report);
    return;
  }
  await releaseLease(ctx, record.id);
}

async function expire(ctx: ServiceContext, record: GrantRecord, nativeWindows: boolean, report: SweepReport): Promise<void> {
  if (nativeWindows) {
    // The provider ends access itself at endsAt (Seam); we only record it.
    const done = await mutate(ctx, record.id, (r) => ({ ...r, status: 'expired', expiredAt: ctx.clock().toISOString(), leaseOwner: null, leaseUntil: null }));
    await audit(ctx, done, 'expired', { detail: 'window ended (enforced by the provider)' });
  } else {
    const intent = await mutate(ctx, record.id, (r) => ({ ...r, pendingOp: 'expire', pendingArgs: { reason: 'window ended' } }));
    await takeAway(ctx, intent, 'expire', { reason: 'window ended' });
  }
  report.expired.push(record.id);
}

async function releaseLease(ctx: ServiceContext, id: string): Promise<void> {
  await mutate(ctx, id, (r) => (r.leaseOwner === ctx.owner ? { ...r, leaseOwner: null, leaseUntil: null } : r)).catch(() => undefined);
}

/**
 * Re-reads a grant at the provider and records what changed there: gone or revoked behind our
 * back becomes `revoked` (audited as drift), progress such as Seam methods being issued moves
 * `pending` to `active`.
 */
export async function refresh(ctx: ServiceContext, id: string): Promise<Grant> {
  const record = await load(ctx, id);
  if (record.externalId === null || TERMINAL_STATUSES.includes(record.status)) return toGrant(record);
  const state = await adapterFor(ctx, record.provider).read(record);
  const now = ctx.clock();
  const observed = state === null ? 'revoked' : state.status;
  const changed = observed !== record.status && canTransition(record.status, observed);
  const saved = await mutate(ctx, id, (r) => ({
    ...r,
    status: changed ? observed : r.status,
    details: state ? { ...r.details, ...state.details } : { ...r.details, goneAtProvider: true },
    revokedAt: changed && observed === 'revoked' ? now.toISOString() : r.revokedAt,
    expiredAt: changed && observed === 'expired' ? now.toISOString() : r.expiredAt,
    checkedAt: now.getTime(),
  }));
  if (changed) {
    const drift = TERMINAL_STATUSES.includes(observed);
    await audit(ctx, saved, drift ? 'drift_detected' : 'updated', {
      requestId: state?.requestId,
      detail: state === null ? 'the grant is gone at the provider' : `provider state moved from ${record.status} to ${observed}`,
    });
  }
  return toGrant(saved);
}
