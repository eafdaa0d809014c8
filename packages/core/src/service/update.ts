/**
 * Changing a grant: its window (every provider; Seam moves its own, the others move our schedule)
 * and ZITADEL role keys. A change that touches the provider is the grant's new claim on its access:
 * the access is driven to the new union (adding a key another grant already holds costs nothing).
 */
import type { Grant } from '../domain/grant.js';
import { updateGrantSchema, type GrantUpdate } from '../domain/request.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { parseOrThrow } from '../domain/validate.js';
import { ConflictError, ProviderError, ValidationError, type ValidationIssue } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import { adapterFor, load, policyOf, type ServiceContext } from './context.js';
import { changeAndDrive, waitSettled } from './converge.js';
import { accessKeyOfGrant } from './create.js';
import { isLeaving } from './plan.js';
import { toGrant } from './records.js';

export async function update(ctx: ServiceContext, id: string, input: unknown): Promise<Grant> {
  const changes = parseOrThrow(updateGrantSchema, input, 'grant update');
  const record = await load(ctx, id);
  assertChangeable(record);
  const adapter = adapterFor(ctx, record.provider);
  checkUpdate(ctx, record, changes, mergedWindow(record, changes), adapter.capabilities);
  const policy = policyOf(ctx, record.provider);
  const touchesAccess = changes.roleKeys !== undefined || (policy.nativeWindows && (changes.startsAt !== undefined || changes.endsAt !== undefined));
  const key = accessKeyOfGrant(record);
  const askedAt = ctx.clock().toISOString();
  const { result } = await changeAndDrive(ctx, key, async (u) => {
    const g = await u.getGrant(id);
    if (!g) throw new ConflictError(`Grant ${id} is gone.`);
    assertChangeable(g);
    const now = ctx.clock().toISOString();
    const window = mergedWindow(g, changes);
    const target = changes.roleKeys ? { ...g.target, roleKeys: changes.roleKeys } : g.target;
    const changed: GrantRecord = {
      ...g,
      window,
      target,
      request: { ...g.request, target, window: definedWindow(window) } as GrantRecord['request'],
      updatedAt: now,
      version: g.version + 1,
    };
    if (!touchesAccess || g.status === 'scheduled') {
      // Only our own schedule moves (or the grant has not reached the provider yet).
      u.putGrant(changed);
      u.emit(changed, 'updated', { detail: `changed ${Object.keys(changes).join(', ')}` });
      return { value: undefined, accessId: null };
    }
    // Until the access has it, the grant remembers what it had: a refusal puts that back.
    const previous = { target: g.target, window: g.window, request: g.request };
    u.putGrant({ ...changed, pendingOp: g.pendingOp === 'create' ? 'create' : 'update', pendingArgs: { previous } });
    return { value: undefined, accessId: g.accessId };
  });
  const settled = await waitSettled(ctx, id, key, result);
  const failure = settled.details.failure as { message?: string; at?: string } | undefined;
  if (touchesAccess && failure?.at && failure.at >= askedAt) {
    // Refused while another process drove the access: the grant kept what it had.
    throw new ProviderError(`Grant ${id} was not changed: ${failure.message ?? 'the provider refused the change'}.`, { provider: settled.provider });
  }
  return toGrant(settled);
}

function assertChangeable(g: GrantRecord): void {
  if (TERMINAL_STATUSES.includes(g.status) || g.status === 'failed') {
    throw new ConflictError(`Grant ${g.id} is ${g.status} and can no longer be changed.`);
  }
  if (isLeaving(g) || g.status === 'revoking') throw new ConflictError(`Grant ${g.id} is being revoked and can no longer be changed.`);
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
