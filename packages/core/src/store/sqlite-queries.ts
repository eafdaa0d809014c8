/**
 * The reads of SqliteGrantStore, in one place for both of its paths: inside a unit (on the open
 * write transaction) and outside one (on the client's read connections).
 */
import type { InArgs, ResultSet } from '@libsql/client';
import { accessFromRow, grantFromRow, type Row } from './sqlite-rows.js';
import type { AccessRecord, GrantRecord } from './types.js';

export type Execute = (statement: { sql: string; args: InArgs }) => Promise<ResultSet>;

export async function rowsOf(execute: Execute, sql: string, args: InArgs): Promise<Row[]> {
  return (await execute({ sql, args })).rows as unknown as Row[];
}

async function one<T>(execute: Execute, sql: string, args: InArgs, map: (row: Row) => T): Promise<T | null> {
  const [row] = await rowsOf(execute, sql, args);
  return row ? map(row) : null;
}

export const grantById = (execute: Execute, id: string): Promise<GrantRecord | null> =>
  one(execute, 'SELECT data, version FROM grants WHERE id = ?', [id], grantFromRow);

export const grantByIdempotencyKey = (execute: Execute, key: string): Promise<GrantRecord | null> =>
  one(execute, 'SELECT data, version FROM grants WHERE idempotency_key = ?', [key], grantFromRow);

export const accessById = (execute: Execute, id: string): Promise<AccessRecord | null> =>
  one(execute, 'SELECT * FROM accesses WHERE id = ?', [id], accessFromRow);

export const accessByKey = (execute: Execute, key: string): Promise<AccessRecord | null> =>
  one(execute, 'SELECT * FROM accesses WHERE access_key = ?', [key], accessFromRow);

export async function openGrantsOf(execute: Execute, accessId: string): Promise<GrantRecord[]> {
  const rows = await rowsOf(execute, "SELECT data, version FROM grants WHERE access_id = ? AND status NOT IN ('revoked', 'expired') ORDER BY id", [accessId]);
  return rows.map(grantFromRow);
}
