/**
 * Taking access away: `revoke()` on request, and expiry when a window ends. Both write the intent
 * (`pendingOp`) before calling the provider, so a revoke is never lost: if the call's outcome is
 * unknown or the process dies, the next sweep repeats it (revoking twice is a success).
 */
import type { Grant } from '../domain/grant.js';
import { revokeGrantSchema, type RevokeOptions } from '../domain/request.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { parseOrThrow } from '../domain/validate.js';
import { ConflictError, isOutcomeUnknown } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import { adapterFor, audit, describeError, load, mutate, type ServiceContext } from './context.js';
import { toGrant } from './records.js';

export async function revoke(ctx: ServiceContext, id: string, input: unknown = {}): Promise<Grant> {
  const options = parseOrThrow(revokeGrantSchema, input ?? {}, 'revoke options');
  const record = await load(ctx, id);
  if (TERMINAL_STATUSES.includes(record.status)) return toGrant(record);
  if (record.pendingOp === 'create' && record.leaseUntil !== null && record.leaseUntil > ctx.clock().getTime()) {
    throw new ConflictError(`Grant ${id} is still being created; revoke it again in a moment.`, { retryable: true });
  }
  if (record.externalId === null && record.pendingOp !== 'create') {
    // Scheduled or failed: nothing exists at the provider, so there is nothing to call.
    const done = await mutate(ctx, id, (r) => ({ ...r, status: 'revoked', revokedAt: ctx.clock().toISOString(), reason: options.reason ?? r.reason }));
    await audit(ctx, done, 'revoked', { actor: options.requestedBy, reason: options.reason, detail: 'never created at the provider' });
    return toGrant(done);
  }
  const intent = await mutate(ctx, id, (r) => ({ ...r, pendingOp: 'revoke', pendingArgs: { ...options }, leaseOwner: ctx.owner, leaseUntil: ctx.clock().getTime() + ctx.leaseMs }));
  await audit(ctx, intent, 'revoke_requested', { actor: options.requestedBy, reason: options.reason });
  return toGrant(await takeAway(ctx, intent, 'revoke', options));
}

/**
 * Calls the provider's revoke for a record whose intent is written and records the result as
 * `revoked` (or `revoking` while the provider deprovisions), or `expired` for `kind: 'expire'`.
 */
export async function takeAway(ctx: ServiceContext, record: GrantRecord, kind: 'revoke' | 'expire', options: RevokeOptions): Promise<GrantRecord> {
  const adapter = adapterFor(ctx, record.provider);
  const actor = kind === 'revoke' ? options.requestedBy : 'system';
  let resolved = record;
  if (resolved.externalId === null) {
    // A create that crashed before its outcome was written: find what it made, if anything.
    const found = await adapter.find(record.request, { key: record.id });
    if (found) resolved = { ...record, externalId: found.externalId };
  }
  let state: Awaited<ReturnType<typeof adapter.revoke>> | null = null;
  try {
    if (resolved.externalId !== null) state = await adapter.revoke(resolved, { reason: options.reason, deprovision: options.deprovision });
  } catch (error) {
    const unknown = isOutcomeUnknown(error);
    await mutate(ctx, record.id, (r) => ({ ...r, pendingOp: unknown ? r.pendingOp : null, leaseOwner: null, leaseUntil: null }));
    await audit(ctx, record, kind === 'revoke' ? 'revoked' : 'expired', {
      actor,
      outcome: 'failure',
      detail: `${unknown ? 'outcome unknown, will retry: ' : ''}${describeError(error)}`,
    });
    throw error;
  }
  const now = ctx.clock().toISOString();
  const finalStatus = kind === 'expire' ? 'expired' : state?.status === 'revoking' ? 'revoking' : 'revoked';
  const saved = await mutate(ctx, record.id, (r) => ({
    ...r,
    externalId: resolved.externalId,
    status: finalStatus,
    details: { ...r.details, ...state?.details },
    revokedAt: kind === 'revoke' ? now : r.revokedAt,
    expiredAt: kind === 'expire' ? now : r.expiredAt,
    reason: kind === 'revoke' ? (options.reason ?? r.reason) : r.reason,
    pendingOp: null,
    pendingArgs: null,
    leaseOwner: null,
    leaseUntil: null,
    checkedAt: Date.parse(now),
  }));
  await audit(ctx, saved, kind === 'expire' ? 'expired' : 'revoked', {
    actor,
    reason: options.reason,
    requestId: state?.requestId,
    detail: kind === 'expire' ? 'window ended' : finalStatus === 'revoking' ? 'the provider is deprovisioning' : undefined,
  });
  return saved;
}
