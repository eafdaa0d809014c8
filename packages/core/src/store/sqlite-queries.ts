/**
 * The reads of SqliteGrantStore, in one place for both of its paths: inside a unit (on the write
 * connection, in its open transaction) and outside one (on the read connection).
 */
import { accessFromRow, grantFromRow } from './sqlite-rows.js';
import type { Statements } from './sqlite-db.js';
import type { AccessRecord, GrantRecord } from './types.js';

export function grantById(st: Statements, id: string): GrantRecord | null {
  const row = st.get('SELECT data, version FROM grants WHERE id = ?', [id]);
  return row ? grantFromRow(row) : null;
}

export function grantByIdempotencyKey(st: Statements, key: string): GrantRecord | null {
  const row = st.get('SELECT data, version FROM grants WHERE idempotency_key = ?', [key]);
  return row ? grantFromRow(row) : null;
}

export function accessById(st: Statements, id: string): AccessRecord | null {
  const row = st.get('SELECT * FROM accesses WHERE id = ?', [id]);
  return row ? accessFromRow(row) : null;
}

export function accessByKey(st: Statements, key: string): AccessRecord | null {
  const row = st.get('SELECT * FROM accesses WHERE access_key = ?', [key]);
  return row ? accessFromRow(row) : null;
}

export function openGrantsOf(st: Statements, accessId: string): GrantRecord[] {
  return st.all("SELECT data, version FROM grants WHERE access_id = ? AND status NOT IN ('revoked', 'expired') ORDER BY id", [accessId]).map(grantFromRow);
}
