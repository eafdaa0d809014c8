/**
 * How records map to SQLite rows: a few columns that queries filter and order on (all indexed
 * where a query needs it), and the rest as JSON in `data`.
 */
import { grantDueAt, subjectKeys } from './due.js';
import type { AccessRecord, GrantRecord } from './types.js';

export type Row = Record<string, unknown>;

const GRANT_COLUMNS = [
  'id', 'provider', 'external_id', 'status', 'idempotency_key', 'user_id', 'user_identity_id', 'person_id', 'access_id',
  'starts_at_ms', 'ends_at_ms', 'pending_op', 'due_at', 'version', 'data',
] as const;

const ACCESS_COLUMNS = [
  'id', 'provider', 'access_key', 'external_id', 'state', 'pending_op', 'lease_owner', 'lease_until', 'due_at', 'check_at', 'version', 'data',
] as const;

const COLUMNS = { grants: GRANT_COLUMNS, accesses: ACCESS_COLUMNS } as const;

/** The upsert (by id) of one row of `table`, in the table's column order. */
function upsertSql(table: keyof typeof COLUMNS): string {
  const columns = COLUMNS[table];
  const updates = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT(id) DO UPDATE SET ${updates.join(', ')}`;
}

export const UPSERT_GRANT = upsertSql('grants');
export const UPSERT_ACCESS = upsertSql('accesses');
export const INSERT_EVENT = 'INSERT INTO grant_events (id, grant_id, at, data) VALUES (?, ?, ?, ?)';

export function grantRowValues(r: GrantRecord): Array<string | number | null> {
  const keys = subjectKeys(r);
  const { version, ...data } = r;
  return [
    r.id, r.provider, r.externalId, r.status, r.idempotencyKey, keys.userId, keys.userIdentityId, r.personId ?? null, r.accessId,
    r.window.startsAt ? Date.parse(r.window.startsAt) : null, r.window.endsAt ? Date.parse(r.window.endsAt) : null,
    r.pendingOp, grantDueAt(r), version, JSON.stringify(data),
  ];
}

export function accessRowValues(a: AccessRecord): Array<string | number | null> {
  const { version, leaseOwner, leaseUntil, dueAt, checkAt, ...data } = a;
  return [a.id, a.provider, a.key, a.externalId, a.state, a.pendingOp, leaseOwner, leaseUntil, dueAt, checkAt, version, JSON.stringify(data)];
}

export function grantFromRow(row: Row): GrantRecord {
  return { ...(JSON.parse(String(row.data)) as Omit<GrantRecord, 'version'>), version: Number(row.version) };
}

export function accessFromRow(row: Row): AccessRecord {
  const data = JSON.parse(String(row.data)) as Omit<AccessRecord, 'version' | 'leaseOwner' | 'leaseUntil' | 'dueAt' | 'checkAt'>;
  return {
    ...data,
    leaseOwner: (row.lease_owner as string | null) ?? null,
    leaseUntil: numberOrNull(row.lease_until),
    dueAt: numberOrNull(row.due_at),
    checkAt: numberOrNull(row.check_at),
    version: Number(row.version),
  };
}

function numberOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
