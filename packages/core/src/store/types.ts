/**
 * The storage contract of the Grantkit service. Every store passes the same conformance suite
 * (packages/core/test/store/conformance.ts). Stores keep plain data; the grant logic stays in the
 * service, which reads and writes through `transact`: one atomic, isolated unit per decision, with
 * its audit events in the same commit.
 */
import type { AccessState } from '../domain/access.js';
import type { GrantBase, GrantEvent } from '../domain/grant.js';
import type { GrantRequest } from '../domain/request.js';
import type { GrantStatus } from '../domain/status.js';
import type { ProviderName } from '../errors.js';

/**
 * What a grant waits for its access to do: be created for it or changed for it (`create`, `update`),
 * or let it go (`revoke`, `expire`). Cleared when the access has done so.
 */
export type PendingOp = 'create' | 'update' | 'revoke' | 'expire';

/** A Grant plus what the service needs to finish, replay and reconcile it. */
export interface GrantRecord extends GrantBase {
  /** The validated request (role keys and window follow later updates). */
  request: GrantRequest;
  idempotencyKey: string;
  /** Hash of the request as first made: the same idempotency key with a different request is a conflict. */
  requestHash: string;
  pendingOp: PendingOp | null;
  /** Arguments of the pending operation (revoke reason and options). */
  pendingArgs: Record<string, unknown> | null;
  /** Bumped on every write. */
  version: number;
}

/** The provider write an access is in the middle of; written before the call, cleared with its outcome. */
export type AccessOp = 'create' | 'update' | 'remove';

export interface AccessRecord {
  id: string;
  provider: ProviderName;
  /** `accessKeyOf(request)`: unique per store. */
  key: string;
  externalId: string | null;
  state: AccessState;
  /** The request the access was (or is to be) created from: the first grant's. Role keys and window come from the claims. */
  request: GrantRequest;
  /** The grant whose id seeds provider-side dedupe keys (Seam access_grant_key). */
  createKey: string;
  /** What the provider holds now, as applied or last read. */
  applied: { roleKeys?: string[] | undefined; startsAt?: string | null | undefined; endsAt?: string | null | undefined; status?: GrantStatus | undefined };
  /** Held at the provider before grantkit: what it held then. */
  adopted: { at: string; roleKeys?: string[] | undefined } | null;
  details: Record<string, unknown>;
  /** The provider write in progress. Found set by a new holder, it means: look before you write again. */
  pendingOp: AccessOp | null;
  /** Failed attempts since the last success, for backoff. */
  attempts: number;
  /** Who may write to the provider for this access, until when (epoch ms). */
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** When a sweep must look at it (unfinished work, an expiring lease, a retry), epoch ms; null when nothing is owed. */
  dueAt: number | null;
  /** When drift detection should re-read it at the provider, epoch ms; null when not held. */
  checkAt: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** An audit event with its place in the store's event log (ascending, gap-free per store is not promised). */
export interface StoredEvent extends GrantEvent {
  seq: number;
}

export interface StoreQuery {
  provider?: ProviderName | undefined;
  statuses?: readonly GrantStatus[] | undefined;
  /** Matches `subject.userId` (Atomicwork, ZITADEL). */
  userId?: string | undefined;
  /** Matches `subject.userIdentityId` (Seam). */
  userIdentityId?: string | undefined;
  externalId?: string | undefined;
  personId?: string | undefined;
  accessId?: string | undefined;
  limit: number;
  /** Return records whose id sorts after this one (ids sort by creation time). */
  after?: string | undefined;
}

/**
 * One unit of work. Reads see every write made earlier in the same unit; nothing is visible to
 * others until the unit commits, and a unit that throws leaves no trace. Writes are plain puts:
 * the unit is isolated, so there is nothing to compare-and-set.
 */
export interface StoreTransaction {
  getGrant(id: string): Promise<GrantRecord | null>;
  getGrantByIdempotencyKey(key: string): Promise<GrantRecord | null>;
  getAccess(id: string): Promise<AccessRecord | null>;
  getAccessByKey(key: string): Promise<AccessRecord | null>;
  /** The grants of an access that are not final (every status but revoked and expired), oldest first. */
  openGrantsOf(accessId: string): Promise<GrantRecord[]>;
  /** Inserts or replaces (by id). */
  putGrant(record: GrantRecord): void;
  putAccess(record: AccessRecord): void;
  appendEvent(event: GrantEvent): void;
}

export interface GrantStore {
  /**
   * Runs `work` as one atomic, isolated unit and commits it with everything it wrote; rethrows what
   * `work` throws after discarding its writes. `work` must only touch the store (no provider calls):
   * a store may run several callers' units in one commit.
   */
  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  getGrant(id: string): Promise<GrantRecord | null>;
  getAccess(id: string): Promise<AccessRecord | null>;
  /** Grants in id order (creation order), `limit` at most, after `after`. */
  list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }>;
  /** Grants with time-bound work at `now` (a scheduled start, a window end), earliest first. See `grantDueAt`. */
  dueGrants(now: number, limit: number): Promise<GrantRecord[]>;
  /** Accesses owed work at `now` (`dueAt <= now`), earliest first. */
  dueAccesses(now: number, limit: number): Promise<AccessRecord[]>;
  /** The earliest due time of any grant or access, or null when nothing is scheduled. */
  nextDueAt(): Promise<number | null>;
  /** Held accesses whose drift check is due (`checkAt <= now`), least recently checked first. */
  staleAccesses(now: number, limit: number): Promise<AccessRecord[]>;
  /** Events of one grant, oldest first. */
  history(grantId: string): Promise<GrantEvent[]>;
  /** The event log across grants, in commit order, after `afterSeq`. */
  events(query: { afterSeq?: number | undefined; limit: number }): Promise<StoredEvent[]>;
  close(): Promise<void>;
}
