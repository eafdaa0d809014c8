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

interface Reads {
  all(sql: string, args?: readonly unknown[]): Array<Record<string, unknown>>;
  get(sql: string, args?: readonly unknown[]): Record<string, unknown> | undefined;
}

/** The store's prepared-statement front of its read connection. */
const readsOf = (store: SqliteGrantStore) => (store as unknown as { handles: { reads: Reads } }).handles.reads;

/** Runs `query` and returns the SQL statements the store sent for it. */
async function captured(store: SqliteGrantStore, query: () => Promise<unknown>): Promise<Array<{ sql: string; args: unknown[] }>> {
  const reads = readsOf(store);
  const { all, get } = reads;
  const seen: Array<{ sql: string; args: unknown[] }> = [];
  reads.all = (sql, args = []) => (seen.push({ sql, args: [...args] }), all.call(reads, sql, args));
  reads.get = (sql, args = []) => (seen.push({ sql, args: [...args] }), get.call(reads, sql, args));
  try {
    await query();
  } finally {
    reads.all = all;
    reads.get = get;
  }
  expect(seen).toHaveLength(1);
  return seen;
}

async function planOf(store: SqliteGrantStore, query: () => Promise<unknown>): Promise<string[]> {
  const [{ sql, args }] = (await captured(store, query)) as [{ sql: string; args: unknown[] }];
  return readsOf(store).all(`EXPLAIN QUERY PLAN ${sql}`, args).map((r) => String(r.detail));
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
