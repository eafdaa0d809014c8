/**
 * Creating grants: `grant()` and the scheduled / reconciling creates of a sweep.
 *
 * Crash safety: the record (with `pendingOp: 'create'`) is written before the provider is called
 * and the outcome after, so a process killed in between leaves an intent that the next sweep
 * reconciles with `adapter.find` before creating anything.
 */
import type { GrantResult } from '../domain/grant.js';
import { newId } from '../domain/ids.js';
import { grantRequestSchema, idempotencyKeySchema, type GrantRequest } from '../domain/request.js';
import { parseOrThrow } from '../domain/validate.js';
import { ConflictError, ValidationError, isOutcomeUnknown } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import type { ProviderState } from './adapter.js';
import { adapterFor, audit, describeError, isRefusal, mutate, type ServiceContext } from './context.js';
import { hashRequest, toGrant } from './records.js';

export interface GrantCallOptions {
  /** Same key, same request: the first result comes back and the provider is not called again. */
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
}

export async function grant(ctx: ServiceContext, input: unknown, options: GrantCallOptions = {}): Promise<GrantResult> {
  const request = parseOrThrow(grantRequestSchema, input, 'grant request');
  const key = options.idempotencyKey === undefined ? newId('gr') : parseOrThrow(idempotencyKeySchema, options.idempotencyKey, 'idempotency key');
  const now = ctx.clock();
  checkWindowInFuture(request, now);
  const adapter = adapterFor(ctx, request.provider);
  const startsLater = request.window?.startsAt !== undefined && Date.parse(request.window.startsAt) > now.getTime();
  const scheduled = startsLater && !adapter.capabilities.nativeWindows;
  const stamp = now.toISOString();
  const record: GrantRecord = {
    id: newId('gr'),
    provider: request.provider,
    externalId: null,
    subject: request.subject as Record<string, unknown>,
    target: request.target as Record<string, unknown>,
    status: scheduled ? 'scheduled' : 'pending',
    window: { startsAt: request.window?.startsAt ?? null, endsAt: request.window?.endsAt ?? null },
    createdAt: stamp,
    updatedAt: stamp,
    reason: request.reason,
    requestedBy: request.requestedBy,
    details: {},
    request,
    idempotencyKey: key,
    requestHash: hashRequest(request),
    pendingOp: scheduled ? null : 'create',
    pendingArgs: null,
    leaseOwner: scheduled ? null : ctx.owner,
    leaseUntil: scheduled ? null : now.getTime() + ctx.leaseMs,
    version: 0,
    checkedAt: null,
  };
  const { record: stored, inserted } = await ctx.store.insert(record);
  if (!inserted) {
    if (stored.requestHash !== record.requestHash) {
      throw new ConflictError(`Idempotency key "${key}" was already used for a different grant request (grant ${stored.id}).`);
    }
    return { grant: toGrant(stored), outcome: outcomeOf(stored), replayed: true };
  }
  await audit(ctx, stored, 'requested', { actor: request.requestedBy, reason: request.reason });
  if (scheduled) {
    await audit(ctx, stored, 'scheduled', { actor: request.requestedBy, detail: `starts at ${request.window?.startsAt}` });
    return { grant: toGrant(stored), outcome: 'scheduled', replayed: false };
  }
  const created = await createAtProvider(ctx, stored, { signal: options.signal, reconcile: false });
  return { grant: toGrant(created), outcome: outcomeOf(created), replayed: false };
}

/**
 * Calls the provider for a record whose intent is written. With `reconcile`, looks for a grant a
 * crashed process may already have made first. Unknown outcomes keep the intent for the next sweep.
 */
export async function createAtProvider(
  ctx: ServiceContext,
  record: GrantRecord,
  { signal, reconcile }: { signal?: AbortSignal | undefined; reconcile: boolean },
): Promise<GrantRecord> {
  const adapter = adapterFor(ctx, record.provider);
  const context = { key: record.id, signal };
  let state: ProviderState & { outcome?: 'created' | 'existing' };
  try {
    const found = reconcile ? await adapter.find(record.request, context) : null;
    state = found ? { ...found, outcome: 'existing' } : await adapter.create(record.request, context);
  } catch (error) {
    // Only a refusal of the request means nothing was made. Any other failure may come after the
    // write landed (a lost reply, then a failing read-back): look before calling it failed.
    const found = isOutcomeUnknown(error) || isRefusal(error) ? null : await adapter.find(record.request, context).catch(() => undefined);
    if (found) {
      state = { ...found, outcome: 'created' };
    } else if (isOutcomeUnknown(error) || found === undefined) {
      // The provider may have it. Keep the intent, drop our lease: the next sweep reconciles.
      await mutate(ctx, record.id, (r) => ({ ...r, leaseOwner: null, leaseUntil: null }));
      await audit(ctx, record, 'failed', { outcome: 'failure', detail: `outcome unknown, will reconcile: ${describeError(error)}` });
      throw error;
    } else {
      const failed = await mutate(ctx, record.id, (r) => ({ ...r, status: 'failed', pendingOp: null, pendingArgs: null, leaseOwner: null, leaseUntil: null }));
      await audit(ctx, failed, 'failed', { outcome: 'failure', detail: describeError(error) });
      throw error;
    }
  }
  const now = ctx.clock();
  const saved = await mutate(ctx, record.id, (r) => ({
    ...r,
    externalId: state.externalId,
    status: state.status,
    details: { ...r.details, ...state.details, outcome: state.outcome ?? 'created' },
    pendingOp: null,
    pendingArgs: null,
    leaseOwner: null,
    leaseUntil: null,
    checkedAt: now.getTime(),
  }));
  await audit(ctx, saved, reconcile && state.outcome === 'existing' ? 'reconciled' : 'created', {
    actor: record.requestedBy,
    requestId: state.requestId,
    detail: state.outcome === 'existing' ? 'the provider already had this grant' : undefined,
  });
  return saved;
}

function outcomeOf(record: GrantRecord): GrantResult['outcome'] {
  if (record.status === 'scheduled') return 'scheduled';
  return record.details.outcome === 'existing' ? 'existing' : 'created';
}

/** endsAt must lie ahead: a grant that is over before it starts is a caller mistake. */
export function checkWindowInFuture(request: GrantRequest, now: Date): void {
  const endsAt = request.window?.endsAt;
  if (endsAt && Date.parse(endsAt) <= now.getTime()) {
    throw new ValidationError('Invalid grant request: window.endsAt must be in the future.', [
      { path: 'window.endsAt', message: 'must be in the future' },
    ]);
  }
}
