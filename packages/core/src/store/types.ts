/**
 * The storage contract of the Grantkit service. Every store passes the same conformance suite
 * (packages/core/test/store/conformance.ts). Stores keep plain data; the grant logic stays in the
 * service.
 */
import type { Grant, GrantEvent } from '../domain/grant.js';
import type { GrantRequest } from '../domain/request.js';
import type { GrantStatus } from '../domain/status.js';
import type { ProviderName } from '../errors.js';

export type PendingOp = 'create' | 'update' | 'revoke' | 'expire';

/** A Grant plus what the service needs to finish, replay and reconcile it. */
export interface GrantRecord extends Grant {
  /** The validated request, kept to create a scheduled grant later and to reconcile after a crash. */
  request: GrantRequest;
  idempotencyKey: string;
  /** Hash of the request: the same idempotency key with a different request is a conflict. */
  requestHash: string;
  /** Intent written before a provider call and cleared with its outcome; set after a crash in between. */
  pendingOp: PendingOp | null;
  /** Arguments of the pending operation (revoke reason, update changes). */
  pendingArgs: Record<string, unknown> | null;
  /** Who holds the record for due work, until when (epoch ms). */
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** Optimistic concurrency: `update` succeeds only when the stored version matches. */
  version: number;
  /** When the provider state was last read (drift detection), epoch ms. */
  checkedAt: number | null;
}

export interface StoreQuery {
  provider?: ProviderName | undefined;
  statuses?: readonly GrantStatus[] | undefined;
  /** Matches `subject.userId` (Atomicwork, ZITADEL). */
  userId?: string | undefined;
  /** Matches `subject.userIdentityId` (Seam). */
  userIdentityId?: string | undefined;
  externalId?: string | undefined;
  limit: number;
  /** Return records whose id sorts after this one (ids sort by creation time). */
  after?: string | undefined;
}

export interface ClaimOptions {
  owner: string;
  leaseMs: number;
  limit: number;
}

export interface GrantStore {
  /** Inserts unless a record with the same idempotency key exists; then returns that one. Atomic. */
  insert(record: GrantRecord): Promise<{ record: GrantRecord; inserted: boolean }>;
  get(id: string): Promise<GrantRecord | null>;
  getByIdempotencyKey(key: string): Promise<GrantRecord | null>;
  /**
   * Writes `record` if the stored version still equals `record.version`; returns it with the
   * version incremented. A stale version is a ConflictError (someone else changed it).
   */
  update(record: GrantRecord): Promise<GrantRecord>;
  /** Records in id order (creation order), `limit` at most, after `after`. */
  list(query: StoreQuery): Promise<{ items: GrantRecord[]; nextAfter: string | null }>;
  /**
   * Atomically leases up to `limit` records with due work at `now` and an expired or empty lease:
   * scheduled with startsAt <= now; pending/active/revoking with endsAt <= now; or a pendingOp left
   * behind. Two sweepers never get the same record while its lease lasts.
   */
  claimDue(now: number, options: ClaimOptions): Promise<GrantRecord[]>;
  /** Live records (pending, active, revoking) checked least recently, for drift detection. */
  listStale(checkedBefore: number, limit: number): Promise<GrantRecord[]>;
  appendEvent(event: GrantEvent): Promise<void>;
  /** Events of one grant, oldest first. */
  history(grantId: string): Promise<GrantEvent[]>;
  close(): Promise<void>;
}
