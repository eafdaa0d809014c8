/**
 * Taking access away: `revoke()` of one grant and `revokeAll()` of a person's grants. Both write the
 * intent (the grant lets go of its access) in one unit with its event, then drive the access: the
 * provider is only called when no other grant still claims it. A crash after the intent leaves it
 * for the next sweep; revoking twice is a success.
 */
import type { Grant } from '../domain/grant.js';
import { personIdSchema, revokeGrantSchema, type RevokeOptions } from '../domain/request.js';
import { TERMINAL_STATUSES } from '../domain/status.js';
import { parseOrThrow } from '../domain/validate.js';
import { z } from 'zod';
import type { GrantRecord } from '../store/types.js';
import { load, policyOf, unit, type ServiceContext, type Unit } from './context.js';
import { changeAndDrive, waitSettled, type DriveResult } from './converge.js';
import { accessKeyOfGrant } from './create.js';
import { claims } from './plan.js';
import { inParallel } from './concurrency.js';
import { toGrant } from './records.js';

export async function revoke(ctx: ServiceContext, id: string, input: unknown = {}): Promise<Grant> {
  const options = parseOrThrow(revokeGrantSchema, input ?? {}, 'revoke options');
  const record = await load(ctx, id);
  if (TERMINAL_STATUSES.includes(record.status)) return toGrant(record);
  const key = accessKeyOfGrant(record);
  const { result } = await changeAndDrive(ctx, key, async (u) => ({ value: undefined, accessId: await markRevoke(u, ctx, id, options) }));
  return toGrant(await waitSettled(ctx, id, key, result));
}

/**
 * Writes the intent to revoke. A grant that claims nothing at the provider (scheduled, or failed
 * before anything was made) is revoked right here. Returns the access to drive, or null.
 */
async function markRevoke(u: Unit, ctx: ServiceContext, id: string, options: RevokeOptions): Promise<string | null> {
  const g = await u.getGrant(id);
  if (!g || TERMINAL_STATUSES.includes(g.status)) return null;
  if (g.pendingOp === 'revoke' || g.status === 'revoking') return g.accessId;
  const access = await u.getAccess(g.accessId);
  const now = ctx.clock().toISOString();
  if (!access || (g.pendingOp !== 'create' && !claims(g, access, policyOf(ctx, g.provider)))) {
    const done: GrantRecord = { ...g, status: 'revoked', revokedAt: now, reason: options.reason ?? g.reason, pendingOp: null, pendingArgs: null, updatedAt: now, version: g.version + 1 };
    u.putGrant(done);
    u.emit(done, 'revoked', { actor: options.requestedBy, reason: options.reason, detail: 'never created at the provider' });
    return null;
  }
  // A revoke wins over an expiry or a change still in progress: the grant lets go either way.
  const intent: GrantRecord = { ...g, pendingOp: 'revoke', pendingArgs: { ...options }, updatedAt: now, version: g.version + 1 };
  u.putGrant(intent);
  u.emit(intent, 'revoke_requested', { actor: options.requestedBy, reason: options.reason });
  return g.accessId;
}

export const revokeAllTargetSchema = z.strictObject({ personId: personIdSchema });

export interface RevokeAllEntry {
  grantId: string;
  provider: Grant['provider'];
  /** The grant's status after the call. */
  status: Grant['status'];
  /**
   * revoked: taken away now (or being deprovisioned: status `revoking`). kept: the grant is revoked
   * but its access stays, claimed by `keptBy` (or adopted). ended: it was revoked or expired before
   * this call. failed: the provider call failed with `error`; the intent stays and a sweep retries.
   */
  outcome: 'revoked' | 'kept' | 'ended' | 'failed';
  keptBy?: string | undefined;
  error?: unknown;
}

export interface RevokeAllReport {
  personId: string;
  grants: RevokeAllEntry[];
}

/** Grants of one person revoked at once, and accesses driven at once, at most. */
const REVOKE_ALL_CONCURRENCY = 8;
const REVOKE_ALL_MAX = 10_000;

export async function revokeAll(ctx: ServiceContext, target: unknown, input: unknown = {}): Promise<RevokeAllReport> {
  const { personId } = parseOrThrow(revokeAllTargetSchema, target, 'revokeAll target');
  const options = parseOrThrow(revokeGrantSchema, input ?? {}, 'revoke options');
  const all = await grantsOf(ctx, personId);
  const endedBefore = new Set(all.filter((g) => TERMINAL_STATUSES.includes(g.status)).map((g) => g.id));
  const open = all.filter((g) => !endedBefore.has(g.id));
  // Every intent first, in one unit: from here on the person's access goes away even if this
  // process dies, because a sweep finishes what is written.
  const toDrive = await unit(ctx, async (u) => {
    const accesses = new Map<string, GrantRecord>();
    for (const g of open) {
      const accessId = await markRevoke(u, ctx, g.id, options);
      if (accessId !== null && !accesses.has(accessId)) accesses.set(accessId, g);
    }
    return [...accesses.values()];
  });
  const drives = new Map<string, DriveResult | null>();
  await inParallel(toDrive, REVOKE_ALL_CONCURRENCY, async (g) => {
    const { result } = await changeAndDrive(ctx, accessKeyOfGrant(g), async () => ({ value: undefined, accessId: g.accessId }));
    drives.set(g.accessId, result);
  });
  const entries: RevokeAllEntry[] = [];
  await inParallel(all, REVOKE_ALL_CONCURRENCY, async (g) => {
    entries.push(await entryFor(ctx, g, endedBefore.has(g.id), drives.get(g.accessId) ?? null));
  });
  const order = new Map(all.map((g, i) => [g.id, i]));
  entries.sort((a, b) => order.get(a.grantId)! - order.get(b.grantId)!);
  return { personId, grants: entries };
}

async function entryFor(ctx: ServiceContext, g: GrantRecord, endedBefore: boolean, drive: DriveResult | null): Promise<RevokeAllEntry> {
  if (endedBefore) return { grantId: g.id, provider: g.provider, status: g.status, outcome: 'ended' };
  try {
    const settled = await waitSettled(ctx, g.id, accessKeyOfGrant(g), drive);
    const entry: RevokeAllEntry = { grantId: g.id, provider: g.provider, status: settled.status, outcome: settled.keptBy ? 'kept' : 'revoked' };
    if (settled.keptBy) entry.keptBy = settled.keptBy;
    return entry;
  } catch (error) {
    const current = await ctx.store.getGrant(g.id);
    return { grantId: g.id, provider: g.provider, status: current?.status ?? g.status, outcome: 'failed', error };
  }
}

async function grantsOf(ctx: ServiceContext, personId: string): Promise<GrantRecord[]> {
  const out: GrantRecord[] = [];
  let after: string | undefined;
  while (out.length < REVOKE_ALL_MAX) {
    const page = await ctx.store.list({ personId, limit: 500, after });
    out.push(...page.items);
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  return out;
}
