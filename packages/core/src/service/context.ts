/**
 * What every service operation shares: the store, the adapters, the clock, the logger, this
 * process's lease owner name, and `unit`, the one way the service writes: a store unit whose
 * audit events commit with it and are logged once it has committed.
 */
import { sharesAccesses } from '../domain/access.js';
import type { GrantEvent, GrantEventAction } from '../domain/grant.js';
import { newId } from '../domain/ids.js';
import type { GrantStatus } from '../domain/status.js';
import { AuthError, ForbiddenError, NotFoundError, ValidationError, isGrantkitError, type ProviderName } from '../errors.js';
import { grantDueAt } from '../store/due.js';
import type { GrantRecord, GrantStore, StoreTransaction } from '../store/types.js';
import type { ProviderAdapter } from './adapter.js';
import type { GrantkitLogger } from './logger.js';
import type { DriveResult } from './converge.js';
import type { AccessPolicy } from './plan.js';

export interface ServiceContext {
  store: GrantStore;
  adapters: Partial<Record<ProviderName, ProviderAdapter>>;
  clock: () => Date;
  logger: GrantkitLogger;
  /** This process's lease owner name. */
  owner: string;
  leaseMs: number;
  /** How long a held access goes without a drift check, in ms. */
  driftIntervalMs: number;
  /** Accesses this process is driving right now, by access key: a second caller joins instead of racing. */
  inflight: Map<string, Promise<DriveResult>>;
  /**
   * Called after a unit commits that wrote due work (a grant's start or end, an access's retry or
   * claim expiry), with the earliest due time it wrote, epoch ms. The scheduler re-arms its timer
   * when that is earlier than the one armed.
   */
  onDue?: ((at: number) => void) | undefined;
}

/** A store unit plus the events it records. */
export interface Unit extends StoreTransaction {
  emit(grant: Pick<GrantRecord, 'id' | 'status' | 'accessId'>, action: GrantEventAction, fields?: EventFields): void;
}

export interface EventFields {
  actor?: string | undefined;
  reason?: string | undefined;
  requestId?: string | undefined;
  detail?: string | undefined;
  outcome?: 'success' | 'failure';
  status?: GrantStatus;
  keptBy?: string | undefined;
}

export async function unit<T>(ctx: ServiceContext, work: (tx: Unit) => Promise<T>): Promise<T> {
  let events: GrantEvent[] = [];
  let earliestDue = Infinity;
  const due = (at: number | null) => {
    if (at !== null && at < earliestDue) earliestDue = at;
  };
  const value = await ctx.store.transact(async (tx) => {
    events = [];
    earliestDue = Infinity;
    const scoped: Unit = {
      getGrant: (id) => tx.getGrant(id),
      getGrantByIdempotencyKey: (key) => tx.getGrantByIdempotencyKey(key),
      getAccess: (id) => tx.getAccess(id),
      getAccessByKey: (key) => tx.getAccessByKey(key),
      openGrantsOf: (accessId) => tx.openGrantsOf(accessId),
      putGrant: (record) => {
        due(grantDueAt(record));
        tx.putGrant(record);
      },
      putAccess: (record) => {
        due(record.dueAt);
        tx.putAccess(record);
      },
      appendEvent: (event) => tx.appendEvent(event),
      emit(grant, action, fields = {}) {
        const event = makeEvent(ctx, grant, action, fields);
        tx.appendEvent(event);
        events.push(event);
      },
    };
    return work(scoped);
  });
  for (const e of events) {
    ctx.logger.info({ grantId: e.grantId, accessId: e.accessId, action: e.action, status: e.status, outcome: e.outcome }, `grant ${e.action}`);
  }
  // After the commit: a timer woken now must find the work in the store.
  if (earliestDue !== Infinity) ctx.onDue?.(earliestDue);
  return value;
}

function makeEvent(ctx: ServiceContext, grant: Pick<GrantRecord, 'id' | 'status' | 'accessId'>, action: GrantEventAction, fields: EventFields): GrantEvent {
  const event: GrantEvent = {
    id: newId('ev'),
    grantId: grant.id,
    at: ctx.clock().toISOString(),
    actor: fields.actor ?? 'system',
    action,
    outcome: fields.outcome ?? 'success',
    status: fields.status ?? grant.status,
    accessId: grant.accessId,
  };
  if (fields.reason) event.reason = fields.reason;
  if (fields.requestId) event.providerRequestId = fields.requestId;
  if (fields.detail) event.detail = fields.detail;
  if (fields.keptBy) event.keptBy = fields.keptBy;
  return event;
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

export function policyOf(ctx: ServiceContext, provider: ProviderName): AccessPolicy {
  const capabilities = adapterFor(ctx, provider).capabilities;
  return { shared: sharesAccesses(provider), nativeWindows: capabilities.nativeWindows, roleKeys: capabilities.update.roleKeys };
}

export async function load(ctx: ServiceContext, id: string): Promise<GrantRecord> {
  const record = typeof id === 'string' && id.length <= 100 ? await ctx.store.getGrant(id) : null;
  if (!record) throw new NotFoundError(`No grant with id "${String(id).slice(0, 100)}".`);
  return record;
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
