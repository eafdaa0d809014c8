/**
 * Finding due work must not cost more as the store grows (issue 17): on SQLite, the four queries
 * the scheduler runs (due grants, due accesses, the next due time, the drift order) each walk a
 * partial index on one due-at column, never the whole table and never a sort of every match. The
 * plans are read with EXPLAIN QUERY PLAN for the SQL the store really sends (captured from its
 * client), on a file with grants and accesses in every state the columns distinguish. The
 * sizes themselves (10,000 to 1,000,000) are measured by `pnpm bench` (bench/src/bench-due.mjs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, InStatement } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { access, record } from '../store/records.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-due-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function populated(): Promise<SqliteGrantStore> {
  const store = await SqliteGrantStore.open({ path: join(dir, 'plan.db') });
  const now = Date.now();
  await store.transact(async (tx) => {
    for (let i = 0; i < 300; i++) {
      const a = access({ state: i % 3 === 0 ? 'absent' : 'held', dueAt: i % 10 === 0 ? now - i : null, checkAt: i % 3 === 0 ? null : now + i * 1000 });
      tx.putAccess(a);
      const endsAt = i % 2 === 0 ? new Date(now + i * 60_000).toISOString() : null;
      tx.putGrant(record({ accessId: a.id, status: i % 5 === 0 ? 'revoked' : 'active', window: { startsAt: null, endsAt } }));
    }
  });
  return store;
}

/** Runs `query` and returns the SQL statements the store sent for it. */
async function captured(store: SqliteGrantStore, query: () => Promise<unknown>): Promise<Array<{ sql: string; args: unknown[] }>> {
  const db = (store as unknown as { db: Client }).db;
  const original = db.execute.bind(db);
  const seen: Array<{ sql: string; args: unknown[] }> = [];
  (db as { execute: unknown }).execute = (statement: InStatement) => {
    if (typeof statement === 'object') seen.push({ sql: statement.sql, args: (statement.args ?? []) as unknown[] });
    return original(statement);
  };
  try {
    await query();
  } finally {
    (db as { execute: unknown }).execute = original;
  }
  expect(seen).toHaveLength(1);
  return seen;
}

async function planOf(store: SqliteGrantStore, query: () => Promise<unknown>): Promise<string[]> {
  const [{ sql, args }] = (await captured(store, query)) as [{ sql: string; args: unknown[] }];
  const db = (store as unknown as { db: Client }).db;
  const rows = (await db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never })).rows;
  return rows.map((r) => String(r.detail));
}

/** No step reads a whole table or sorts every matching row. */
function expectNoScan(plan: string[]): void {
  for (const step of plan) {
    expect(step).not.toMatch(/^SCAN (grants|accesses)\b/);
    expect(step).not.toMatch(/TEMP B-TREE/);
  }
}

describe('SQLite plans of the due-work queries', () => {
  it('dueGrants walks grants_due, dueAccesses accesses_due, staleAccesses accesses_check, nextDueAt both due indexes', async () => {
    const store = await populated();
    try {
      const now = Date.now();
      const due = await planOf(store, () => store.dueGrants(now, 100));
      expect(due.join('\n')).toMatch(/USING (COVERING )?INDEX grants_due\b/);
      expectNoScan(due);

      const dueAccesses = await planOf(store, () => store.dueAccesses(now, 100));
      expect(dueAccesses.join('\n')).toMatch(/USING (COVERING )?INDEX accesses_due\b/);
      expectNoScan(dueAccesses);

      const stale = await planOf(store, () => store.staleAccesses(now + 3600_000, 25));
      expect(stale.join('\n')).toMatch(/USING (COVERING )?INDEX accesses_check\b/);
      expectNoScan(stale);

      const next = await planOf(store, () => store.nextDueAt());
      expect(next.join('\n')).toMatch(/SEARCH grants USING COVERING INDEX grants_due\b/);
      expect(next.join('\n')).toMatch(/SEARCH accesses USING COVERING INDEX accesses_due\b/);
      expectNoScan(next);
    } finally {
      await store.close();
    }
  });
});
