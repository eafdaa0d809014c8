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
import { adapterFor, audit, load, mutate, type ServiceContext } from './context.js';
import { toGrant } from './records.js';

export async function update(ctx: ServiceContext, id: string, input: unknown): Promise<Grant> {
  const changes = parseOrThrow(updateGrantSchema, input, 'grant update');
  const record = await load(ctx, id);
  if (TERMINAL_STATUSES.includes(record.status) || record.status === 'failed') {
    throw new ConflictError(`Grant ${id} is ${record.status} and can no longer be changed.`);
  }
  const adapter = adapterFor(ctx, record.provider);
  const window = {
    startsAt: changes.startsAt === undefined ? record.window.startsAt : changes.startsAt,
    endsAt: changes.endsAt === undefined ? record.window.endsAt : changes.endsAt,
  };
  checkUpdate(ctx, record, changes, window, adapter.capabilities);
  let details = record.details;
  let target = record.target;
  const touchesProvider = record.externalId !== null && (changes.roleKeys !== undefined || (adapter.capabilities.nativeWindows && (changes.startsAt !== undefined || changes.endsAt !== undefined)));
  let requestId: string | undefined;
  if (touchesProvider) {
    const state = await adapter.update(record, changes);
    details = { ...details, ...state.details };
    requestId = state.requestId;
  }
  if (changes.roleKeys) target = { ...target, roleKeys: changes.roleKeys };
  const saved = await mutate(ctx, id, (r) => ({
    ...r,
    window,
    target,
    details,
    request: { ...r.request, target: { ...r.request.target, ...(changes.roleKeys ? { roleKeys: changes.roleKeys } : {}) }, window: definedWindow(window) } as GrantRecord['request'],
  }));
  await audit(ctx, saved, 'updated', { requestId, detail: `changed ${Object.keys(changes).join(', ')}` });
  return toGrant(saved);
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
