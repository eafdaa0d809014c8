/**
 * What every service operation shares: the store, the adapters, the clock, the logger, and the two
 * helpers every write goes through (`mutate` for records, `audit` for events).
 */
import type { GrantEvent, GrantEventAction } from '../domain/grant.js';
import { newId } from '../domain/ids.js';
import { assertTransition, type GrantStatus } from '../domain/status.js';
import { AuthError, ConflictError, ForbiddenError, NotFoundError, ValidationError, isGrantkitError, type ProviderName } from '../errors.js';
import type { GrantRecord, GrantStore } from '../store/types.js';
import type { ProviderAdapter } from './adapter.js';
import type { GrantkitLogger } from './logger.js';

export interface ServiceContext {
  store: GrantStore;
  adapters: Partial<Record<ProviderName, ProviderAdapter>>;
  clock: () => Date;
  logger: GrantkitLogger;
  /** This process's lease owner name. */
  owner: string;
  leaseMs: number;
}

export function adapterFor(ctx: ServiceContext, provider: ProviderName): ProviderAdapter {
  const adapter = ctx.adapters[provider];
  if (!adapter) {
    throw new ValidationError(`Provider "${provider}" is not configured in this Grantkit.`, [
      { path: 'provider', message: `"${provider}" is not configured; configured: ${Object.keys(ctx.adapters).join(', ') || 'none'}` },
    ]);
  }
  return adapter;
}

export async function load(ctx: ServiceContext, id: string): Promise<GrantRecord> {
  const record = typeof id === 'string' && id.length <= 100 ? await ctx.store.get(id) : null;
  if (!record) throw new NotFoundError(`No grant with id "${String(id).slice(0, 100)}".`);
  return record;
}

/**
 * Read-modify-write with optimistic concurrency: re-reads and re-applies `change` when another
 * writer (a sweep in this or another process) got there first. A status change is checked
 * against the transition table.
 */
export async function mutate(ctx: ServiceContext, id: string, change: (current: GrantRecord) => GrantRecord): Promise<GrantRecord> {
  for (let attempt = 0; ; attempt++) {
    const current = await load(ctx, id);
    const next = change(current);
    if (next.status !== current.status) assertTransition(current.status, next.status);
    try {
      return await ctx.store.update({ ...next, updatedAt: ctx.clock().toISOString(), version: current.version });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 4) throw error;
    }
  }
}

export async function audit(
  ctx: ServiceContext,
  record: Pick<GrantRecord, 'id' | 'status'>,
  action: GrantEventAction,
  fields: { actor?: string | undefined; reason?: string | undefined; requestId?: string | undefined; detail?: string | undefined; outcome?: 'success' | 'failure'; status?: GrantStatus } = {},
): Promise<void> {
  const event: GrantEvent = {
    id: newId('ev'),
    grantId: record.id,
    at: ctx.clock().toISOString(),
    actor: fields.actor ?? 'system',
    action,
    outcome: fields.outcome ?? 'success',
    status: fields.status ?? record.status,
  };
  if (fields.reason) event.reason = fields.reason;
  if (fields.requestId) event.providerRequestId = fields.requestId;
  if (fields.detail) event.detail = fields.detail;
  await ctx.store.appendEvent(event);
  ctx.logger.info({ grantId: record.id, action, status: event.status, outcome: event.outcome }, `grant ${action}`);
}

/** A secret-free one-line description of an error for audit details and logs. */
export function describeError(error: unknown): string {
  if (isGrantkitError(error)) return `${error.code}: ${error.message}`.slice(0, 500);
  return 'internal_error: unexpected failure';
}

/** The provider turned the request down: nothing was applied, so there is nothing to reconcile. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof AuthError || error instanceof ForbiddenError || error instanceof NotFoundError;
}
