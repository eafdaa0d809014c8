/**
 * The Atomicwork fake's in-memory store and its grant lifecycle. Routes call these methods after
 * validating the request; tests call them too, to arrange data or to change a grant "in the
 * Atomicwork UI" behind a client's back. Behaviour follows providers.md 1.6.
 */
import { ChangeFeed } from '../server/change-feed.js';
import type { AtomicworkSeed } from './seed.js';
import type {
  FakeApp,
  FakeEntitlement,
  FakeGrant,
  FakeGrantStatus,
  FakeHistoryEvent,
  FakeHistoryEventType,
  FakePolicy,
  FakeRevocation,
  FakeUser,
} from './types.js';

/** An error a route turns into the `{ error, code }` body. */
export class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * What a second create for a user + entitlement that already has an ACTIVE grant does. The docs
 * are silent (providers.md 1.5). Default `allow`: a second grant is made, the least forgiving
 * reading, so tests prove a client never relies on upstream dedupe.
 */
export type DuplicateCreateBehaviour = 'allow' | 'conflict' | 'return-existing';

export type StatusBucket = 'ACTIVE' | 'INACTIVE' | 'REVOKED';

export interface AtomicworkStateOptions {
  bigIds: boolean;
  revocationDelayMs: number;
  now: () => Date;
  duplicateCreate: DuplicateCreateBehaviour;
}

export interface CreateGrantInput {
  userId: string;
  entitlementId: string;
  policyId?: string | null;
  grantedBy?: string | null;
  grantedAt?: string | null;
}

const TWO_POW_53 = 2n ** 53n;

export function isActiveStatus(status: string): boolean {
  return status === 'GRANTED' || status === 'EXTENDED';
}

export function inBucket(status: string, bucket: string): boolean {
  if (bucket === 'ACTIVE') return isActiveStatus(status);
  if (bucket === 'INACTIVE') return status === 'REVOKED' || status === 'EXPIRED';
  return status === bucket; // REVOKED bucket, or a raw status
}

export class AtomicworkFakeState {
  readonly users = new Map<string, FakeUser>();
  readonly apps = new Map<string, FakeApp>();
  readonly entitlements = new Map<string, FakeEntitlement>();
  readonly policies = new Map<string, FakePolicy>();
  readonly grants = new GrantMap();
  readonly history: FakeHistoryEvent[] = [];
  /** Every authenticated request, with the X-Workspace-Id it carried. */
  readonly requests: Array<{ method: string; path: string; workspaceId: string | undefined }> = [];
  apiKeyOwnerId: string;
  /** Switchable at run time; see DuplicateCreateBehaviour. */
  duplicateCreate: DuplicateCreateBehaviour;
  revocationDelayMs: number;
  private readonly now: () => Date;
  private readonly counters: Record<'grant' | 'history' | 'schedule', bigint>;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Notified on every history event and when a deprovisioning ends: what `fake.waitUntil` re-checks on. */
  readonly changes = new ChangeFeed();

  constructor(seed: AtomicworkSeed, options: AtomicworkStateOptions) {
    for (const u of seed.users) this.users.set(u.id, { ...u });
    for (const a of seed.apps) this.apps.set(a.id, { ...a });
    for (const e of seed.entitlements) this.entitlements.set(e.id, { ...e });
    for (const p of seed.policies) this.policies.set(p.id, { ...p });
    for (const g of seed.grants) this.grants.set(g.id, { ...g });
    this.apiKeyOwnerId = seed.apiKeyOwnerId;
    this.duplicateCreate = options.duplicateCreate;
    this.revocationDelayMs = options.revocationDelayMs;
    this.now = options.now;
    const base = options.bigIds ? TWO_POW_53 : 0n;
    // New ids continue after any seeded grant, so a seeded id is never handed out again.
    const seeded = seed.grants.map((g) => BigInt(g.id));
    const grantStart = seeded.reduce((max, id) => (id > max ? id : max), base + 5000n);
    this.counters = { grant: grantStart, history: base + 6000n, schedule: base + 7000n };
  }

  private nextId(kind: 'grant' | 'history' | 'schedule'): string {
    this.counters[kind] += 1n;
    return this.counters[kind].toString();
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** Grants of a user for an entitlement, optionally in a status bucket (ACTIVE, INACTIVE, REVOKED). */
  grantsFor(userId: string, entitlementId: string, bucket?: StatusBucket): FakeGrant[] {
    return this.grants.ofUsers([userId]).filter((g) => g.entitlementId === entitlementId && (bucket === undefined || inBucket(g.status, bucket)));
  }

  requireGrant(id: string): FakeGrant {
    const grant = this.grants.get(id);
    if (!grant) throw new FakeHttpError(404, `Grant ${id} not found.`, 'GRANT_NOT_FOUND');
    return grant;
  }

  createGrant(input: CreateGrantInput): { grant: FakeGrant; created: boolean } {
    if (!this.users.has(input.userId)) throw new FakeHttpError(404, `User ${input.userId} not found.`, 'USER_NOT_FOUND');
    const entitlement = this.entitlements.get(input.entitlementId);
    if (!entitlement) throw new FakeHttpError(404, `Entitlement ${input.entitlementId} not found.`, 'ENTITLEMENT_NOT_FOUND');
    if (entitlement.status !== 'PUBLISHED') {
      throw new FakeHttpError(400, `Entitlement ${entitlement.id} is not published and cannot be granted.`, 'ENTITLEMENT_NOT_PUBLISHED');
    }
    const existing = this.grantsFor(input.userId, input.entitlementId, 'ACTIVE')[0];
    if (existing && this.duplicateCreate === 'conflict') {
      throw new FakeHttpError(409, `User ${input.userId} already has an active grant ${existing.id} for entitlement ${entitlement.id}.`, 'GRANT_ALREADY_EXISTS');
    }
    if (existing && this.duplicateCreate === 'return-existing') return { grant: existing, created: false };
    const at = this.timestamp();
    const grantedBy = input.grantedBy ?? this.apiKeyOwnerId;
    const grant: FakeGrant = {
      id: this.nextId('grant'),
      userId: input.userId,
      entitlementId: entitlement.id,
      appId: entitlement.appId,
      policyId: input.policyId ?? null,
      status: 'GRANTED',
      // Created through the public API, i.e. outside the approval workflow.
      grantType: input.policyId ? 'PREAPPROVED' : 'APPROVED',
      grantedBy,
      grantedAt: input.grantedAt ?? at,
      expiresAt: null,
      createdAt: at,
      updatedAt: at,
      provisioningStatus: 'COMPLETED',
      revocation: null,
    };
    this.grants.set(grant.id, grant);
    this.addHistory(grant.id, 'GRANTED', grantedBy, null);
    return { grant, created: true };
  }

  /**
   * Revokes a grant (providers.md 1.1, SEED-AW-REVOKE). `skipDeprovisioning` (default true) marks it
   * REVOKED at once. false starts "deprovisioning": revocation_status IN_PROGRESS with a
   * schedule_id, then after `revocationDelayMs` COMPLETED (grant REVOKED) or FAILED (grant stays
   * active). While IN_PROGRESS the grant keeps its active status: the docs say only the immediate
   * mode marks it REVOKED "immediately".
   *
   * Revoking a grant that is inactive or already being deprovisioned answers 409
   * GRANT_NOT_ACTIVE. The docs are silent (providers.md 1.5); the client treats it as success.
   */
  revokeGrant(id: string, options: { reason?: string | null; skipDeprovisioning?: boolean; by?: string } = {}): FakeGrant {
    const grant = this.requireGrant(id);
    if (!isActiveStatus(grant.status) || grant.revocation?.status === 'IN_PROGRESS') {
      const what = isActiveStatus(grant.status) ? 'is already being deprovisioned' : `is already ${grant.status}`;
      throw new FakeHttpError(409, `Grant ${id} ${what}.`, 'GRANT_NOT_ACTIVE');
    }
    const reason = options.reason ?? null;
    const by = options.by ?? this.apiKeyOwnerId;
    if (options.skipDeprovisioning ?? true) {
      grant.revocation = { status: 'COMPLETED', scheduleId: null, reason };
      this.setStatus(grant, 'REVOKED', by, reason);
      return grant;
    }
    const revocation: FakeRevocation = { status: 'IN_PROGRESS', scheduleId: this.nextId('schedule'), reason };
    grant.revocation = revocation;
    grant.updatedAt = this.timestamp();
    const outcome = this.entitlements.get(grant.entitlementId)?.deprovisionOutcome ?? 'COMPLETED';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (grant.revocation !== revocation) return;
      revocation.status = outcome;
      if (outcome === 'COMPLETED') this.setStatus(grant, 'REVOKED', by, reason);
      else grant.updatedAt = this.timestamp();
      this.changes.notify();
    }, this.revocationDelayMs);
    timer.unref();
    this.timers.add(timer);
    return grant;
  }

  /** PUT semantics: changes status/policy/granted_by/granted_at; a status change writes a history event. */
  updateGrant(id: string, patch: { status?: FakeGrantStatus; policyId?: string; grantedBy?: string; grantedAt?: string }): FakeGrant {
    const grant = this.requireGrant(id);
    if (patch.policyId !== undefined) grant.policyId = patch.policyId;
    if (patch.grantedBy !== undefined) grant.grantedBy = patch.grantedBy;
    if (patch.grantedAt !== undefined) grant.grantedAt = patch.grantedAt;
    grant.updatedAt = this.timestamp();
    if (patch.status !== undefined && patch.status !== grant.status) {
      // Re-granting clears an old revocation; a PUT to REVOKED skips deprovisioning (docs: use /revoke).
      if (patch.status === 'GRANTED' || patch.status === 'EXTENDED') grant.revocation = null;
      this.setStatus(grant, patch.status, this.apiKeyOwnerId, null);
    }
    return grant;
  }

  historyFor(grantId: string): FakeHistoryEvent[] {
    this.requireGrant(grantId);
    return this.history.filter((h) => h.grantId === grantId);
  }

  /** Stops pending deprovisioning timers (called by the fake's close()). */
  dispose(): void {
    this.changes.close();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private setStatus(grant: FakeGrant, status: FakeGrantStatus, by: string, reason: string | null): void {
    grant.status = status;
    grant.updatedAt = this.timestamp();
    if (status === 'EXPIRED') grant.expiresAt = grant.updatedAt;
    this.addHistory(grant.id, status as FakeHistoryEventType, by, reason);
  }

  private addHistory(grantId: string, eventType: FakeHistoryEventType, eventBy: string | null, reason: string | null): void {
    this.history.push({ id: this.nextId('history'), grantId, eventType, eventAt: this.timestamp(), eventBy, reason });
    this.changes.notify();
  }
}

/**
 * The grants by id, with an index by user kept on every set and delete: a lookup for one user's
 * grants (what a client does before each create) stays cheap however many grants the fake holds.
 */
export class GrantMap extends Map<string, FakeGrant> {
  private readonly byUser = new Map<string, Set<string>>();

  override set(id: string, grant: FakeGrant): this {
    const before = super.get(id);
    if (before && before.userId !== grant.userId) this.byUser.get(before.userId)?.delete(id);
    let ids = this.byUser.get(grant.userId);
    if (!ids) this.byUser.set(grant.userId, (ids = new Set()));
    ids.add(id);
    return super.set(id, grant);
  }

  override delete(id: string): boolean {
    const before = super.get(id);
    if (before) this.byUser.get(before.userId)?.delete(id);
    return super.delete(id);
  }

  override clear(): void {
    this.byUser.clear();
    super.clear();
  }

  /** The grants of these users, in insertion order. */
  ofUsers(userIds: Iterable<string>): FakeGrant[] {
    const ids = new Set<string>();
    for (const u of userIds) for (const id of this.byUser.get(u) ?? []) ids.add(id);
    return [...ids].sort(byNumericId).map((id) => super.get(id)!);
  }
}

function byNumericId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
