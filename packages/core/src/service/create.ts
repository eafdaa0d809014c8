/**
 * `grant()`: records the request as a grant claiming its access, in one unit with its events, and
 * (when the access is new to this process) decides the access's next write in that same unit. A
 * grant on an access already held costs no provider write at all.
 */
import { accessKeyOf } from '../domain/access.js';
import type { GrantResult } from '../domain/grant.js';
import { newId } from '../domain/ids.js';
import { grantRequestSchema, idempotencyKeySchema, type GrantRequest } from '../domain/request.js';
import { parseOrThrow } from '../domain/validate.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { AccessRecord, GrantRecord } from '../store/types.js';
import { adapterFor, type ServiceContext } from './context.js';
import { changeAndDrive, waitSettled } from './converge.js';
import { hashRequest, toGrant } from './records.js';

export interface GrantCallOptions {
  /** Same key, same request: the first result comes back and the provider is not called again. */
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
}

export async function grant(ctx: ServiceContext, input: unknown, options: GrantCallOptions = {}): Promise<GrantResult> {
  const request = parseOrThrow(grantRequestSchema, input, 'grant request');
  const key = options.idempotencyKey === undefined ? undefined : parseOrThrow(idempotencyKeySchema, options.idempotencyKey, 'idempotency key');
  const now = ctx.clock();
  checkWindowInFuture(request, now);
  const adapter = adapterFor(ctx, request.provider);
  const scheduled = request.window?.startsAt !== undefined && Date.parse(request.window.startsAt) > now.getTime() && !adapter.capabilities.nativeWindows;
  const id = newId('gr');
  const accessKey = accessKeyOf(request, id);
  const record = newGrant(id, request, key ?? id, scheduled, now);
  const { value: written, result } = await changeAndDrive(ctx, accessKey, async (u) => {
    const existing = key === undefined ? null : await u.getGrantByIdempotencyKey(key);
    if (existing) return { value: { record: existing, replayed: true }, accessId: null };
    const found = await u.getAccessByKey(accessKey);
    const access = found ?? newAccess(accessKey, record, now);
    if (!found) u.putAccess(access);
    const grant = { ...record, accessId: access.id };
    u.putGrant(grant);
    u.emit(grant, 'requested', { actor: request.requestedBy, reason: request.reason });
    if (scheduled) {
      u.emit(grant, 'scheduled', { actor: request.requestedBy, detail: `starts at ${request.window?.startsAt}` });
      return { value: { record: grant, replayed: false }, accessId: null };
    }
    // This unit has just read the access (or made it): no need to read it, or a new one's grants, again.
    return { value: { record: grant, replayed: false }, accessId: access.id, preloaded: { access, grants: found ? undefined : [grant] } };
  }, { signal: options.signal });
  if (written.replayed) {
    if (written.record.requestHash !== record.requestHash) {
      // Never name the other grant: the key may be guessed by someone who must not learn of it.
      throw new ConflictError(`Idempotency key "${key}" was already used for a different grant request.`);
    }
    return { grant: toGrant(written.record), outcome: outcomeOf(written.record), replayed: true };
  }
  if (scheduled) return { grant: toGrant(written.record), outcome: 'scheduled', replayed: false };
  const settled = await waitSettled(ctx, written.record.id, accessKey, result, options.signal);
  return { grant: toGrant(settled), outcome: outcomeOf(settled), replayed: false };
}

function newGrant(id: string, request: GrantRequest, idempotencyKey: string, scheduled: boolean, now: Date): GrantRecord {
  const stamp = now.toISOString();
  const record: GrantRecord = {
    id,
    accessId: '',
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
    idempotencyKey,
    requestHash: hashRequest(request),
    pendingOp: scheduled ? null : 'create',
    pendingArgs: null,
    version: 0,
  };
  if (request.personId) record.personId = request.personId;
  return record;
}

/** An access the store has not seen: absent until its first create. */
export function newAccess(key: string, grant: GrantRecord, now: Date): AccessRecord {
  const stamp = now.toISOString();
  return {
    id: newId('ac'),
    provider: grant.provider,
    key,
    externalId: null,
    state: 'absent',
    request: grant.request,
    createKey: grant.id,
    applied: {},
    adopted: null,
    details: {},
    pendingOp: null,
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    dueAt: null,
    checkAt: null,
    createdAt: stamp,
    updatedAt: stamp,
    version: 0,
  };
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

/** Anything that reaches the grant's own access key (the in-process join map is keyed by it). */
export function accessKeyOfGrant(grant: Pick<GrantRecord, 'request' | 'id'>): string {
  return accessKeyOf(grant.request, grant.id);
}
