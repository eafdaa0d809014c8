/**
 * Changing a grant: its window (every provider; Seam moves its own, the others move our schedule)
 * and ZITADEL role keys.
 */
import type { Grant } from '../domain/grant.js';
import { updateGrantSchema, type GrantUpdate } from '../domain/request.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { parseOrThrow } from '../domain/validate.js';
import { ConflictError, ValidationError, type ValidationIssue } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import type { ProviderState } from './adapter.js';
import { adapterFor, audit, describeError, isRefusal, load, mutate, type ServiceContext } from './context.js';
import { toGrant } from './records.js';

export async function update(ctx: ServiceContext, id: string, input: unknown): Promise<Grant> {
  const changes = parseOrThrow(updateGrantSchema, input, 'grant update');
  const record = await load(ctx, id);
  if (TERMINAL_STATUSES.includes(record.status) || record.status === 'failed') {
    throw new ConflictError(`Grant ${id} is ${record.status} and can no longer be changed.`);
  }
  const adapter = adapterFor(ctx, record.provider);
  checkUpdate(ctx, record, changes, mergedWindow(record, changes), adapter.capabilities);
  const touchesProvider =
    record.externalId !== null && (changes.roleKeys !== undefined || (adapter.capabilities.nativeWindows && (changes.startsAt !== undefined || changes.endsAt !== undefined)));
  if (!touchesProvider) return toGrant(await save(ctx, id, changes));
  // The intent first, as for creates and revokes: if the change lands and its reply or read-back
  // is lost, the next sweep applies it again (it is idempotent) instead of the store drifting.
  // One provider operation per grant at a time: two updates racing would reach the provider in
  // one order and the store in the other. Checked inside the compare-and-set of `mutate`.
  const intent = await mutate(ctx, id, (r) => {
    const now = ctx.clock().getTime();
    const takeOver = r.pendingOp === null || (r.pendingOp === 'update' && (r.leaseUntil === null || r.leaseUntil <= now));
    if (!takeOver) throw new ConflictError(`Grant ${id} is being changed (${r.pendingOp}); try again in a moment.`, { retryable: true });
    return { ...r, pendingOp: 'update', pendingArgs: { ...changes }, leaseOwner: ctx.owner, leaseUntil: now + ctx.leaseMs };
  });
  return toGrant(await applyUpdate(ctx, intent, changes));
}

/** Applies an update whose intent is written at the provider, then records it. Sweeps call it too. */
export async function applyUpdate(ctx: ServiceContext, record: GrantRecord, changes: GrantUpdate): Promise<GrantRecord> {
  let state: ProviderState;
  try {
    state = await adapterFor(ctx, record.provider).update(record, changes);
  } catch (error) {
    const refused = isRefusal(error);
    await mutate(ctx, record.id, (r) => ({ ...r, ...(refused ? clearIntent(r) : {}), leaseOwner: null, leaseUntil: null }));
    await audit(ctx, record, 'updated', { outcome: 'failure', detail: `${refused ? '' : 'outcome unknown, will retry: '}${describeError(error)}` });
    throw error;
  }
  return save(ctx, record.id, changes, state);
}

/** Records the changes (and the provider's view after them) and clears an update intent. */
async function save(ctx: ServiceContext, id: string, changes: GrantUpdate, state?: ProviderState): Promise<GrantRecord> {
  const saved = await mutate(ctx, id, (r) => {
    const window = mergedWindow(r, changes);
    const roleKeys = changes.roleKeys ? { roleKeys: changes.roleKeys } : {};
    return {
      ...r,
      ...clearIntent(r),
      window,
      target: { ...r.target, ...roleKeys },
      details: state ? { ...r.details, ...state.details } : r.details,
      request: { ...r.request, target: { ...r.request.target, ...roleKeys }, window: definedWindow(window) } as GrantRecord['request'],
      leaseOwner: null,
      leaseUntil: null,
    };
  });
  await audit(ctx, saved, 'updated', { requestId: state?.requestId, detail: `changed ${Object.keys(changes).join(', ')}` });
  return saved;
}

/** Clears a pending update, and only that: a revoke written meanwhile must survive. */
function clearIntent(r: GrantRecord): Pick<GrantRecord, 'pendingOp' | 'pendingArgs'> {
  return r.pendingOp === 'update' ? { pendingOp: null, pendingArgs: null } : { pendingOp: r.pendingOp, pendingArgs: r.pendingArgs };
}

function mergedWindow(r: Pick<GrantRecord, 'window'>, changes: GrantUpdate): { startsAt: string | null; endsAt: string | null } {
  return {
    startsAt: changes.startsAt === undefined ? r.window.startsAt : changes.startsAt,
    endsAt: changes.endsAt === undefined ? r.window.endsAt : changes.endsAt,
  };
}

function checkUpdate(
  ctx: ServiceContext,
  record: GrantRecord,
  changes: GrantUpdate,
  window: { startsAt: string | null; endsAt: string | null },
  capabilities: { nativeWindows: boolean; update: { roleKeys: boolean } },
): void {
  const issues: ValidationIssue[] = [];
  if (changes.roleKeys && !capabilities.update.roleKeys) issues.push({ path: 'roleKeys', message: `${record.provider} grants have no role keys` });
  if (window.startsAt && window.endsAt && Date.parse(window.endsAt) <= Date.parse(window.startsAt)) issues.push({ path: 'endsAt', message: 'must be after startsAt' });
  if (changes.endsAt && Date.parse(changes.endsAt) <= ctx.clock().getTime()) issues.push({ path: 'endsAt', message: 'must be in the future' });
  const started = record.status !== 'scheduled';
  if (changes.startsAt !== undefined && started && !capabilities.nativeWindows) {
    issues.push({ path: 'startsAt', message: 'the grant has already started; only endsAt can move' });
  }
  if (issues.length) throw new ValidationError(`Invalid grant update: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues);
}

function definedWindow(w: { startsAt: string | null; endsAt: string | null }): { startsAt?: string; endsAt?: string } {
  const out: { startsAt?: string; endsAt?: string } = {};
  if (w.startsAt) out.startsAt = w.startsAt;
  if (w.endsAt) out.endsAt = w.endsAt;
  return out;
}
