/**
 * A wave-1 SQLite file (schema version 1, written by the wave-1 code; test/fixtures/wave1-store.sql)
 * opened by today's SqliteGrantStore: migrated in place, nothing lost, grants grouped into their
 * accesses, and the service carries on with it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { startProviderFakes } from '@grantkit/testing';
import { createGrantkit } from '../../src/index.js';
import { SqliteGrantStore } from '../../src/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = readFileSync(fileURLToPath(new URL('../fixtures/wave1-store.sql', import.meta.url)), 'utf8');

let n = 0;
async function wave1File(): Promise<string> {
  const path = join(dir, `wave1-${++n}.db`);
  // The wave-1 file: its schema and rows as wave 1 wrote them, replayed with the plain engine.
  const db = new Database(path);
  db.exec(fixture);
  db.close();
  return path;
}

const byKey = <T extends { idempotencyKey: string }>(grants: T[], key: string): T => grants.find((g) => g.idempotencyKey === key)!;

describe('SqliteGrantStore opens a wave-1 file', () => {
  it('keeps every grant and event, and groups grants into their accesses', async () => {
    const path = await wave1File();
    const raw = new Database(path);
    const before = Number((raw.prepare('SELECT COUNT(*) AS n FROM grants').get() as { n: number }).n);
    const eventsBefore = Number((raw.prepare('SELECT COUNT(*) AS n FROM grant_events').get() as { n: number }).n);
    raw.close();
    expect(before).toBe(9);

    const store = await SqliteGrantStore.open({ path });
    const grants = (await store.list({ limit: 100 })).items;
    expect(grants).toHaveLength(before);
    expect((await store.events({ limit: 1000 })).length).toBe(eventsBefore);
    expect(grants.every((g) => g.accessId.startsWith('ac_'))).toBe(true);

    const [a1, a2, a3, z1, z2, z3, z4, s1, crashed] = ['a1', 'a2', 'a3', 'z1', 'z2', 'z3', 'z4', 's1', 'crashed'].map((k) => byKey(grants, `wave1-${k}`));
    expect(a1!.accessId).toBe(a2!.accessId);
    expect(a3!.accessId).not.toBe(a1!.accessId);
    expect(z1!.accessId).toBe(z2!.accessId);
    expect(z3!.accessId).toBe(z4!.accessId);
    expect(new Set(grants.map((g) => g.accessId)).size).toBe(6);

    const shared = (await store.getAccess(a1!.accessId))!;
    expect(shared).toMatchObject({ state: 'held', externalId: a1!.externalId, adopted: null, pendingOp: null });
    const roles = (await store.getAccess(z1!.accessId))!;
    expect(roles).toMatchObject({ state: 'held', applied: { roleKeys: ['admin', 'viewer'] } });
    expect(await store.getAccess(z3!.accessId)).toMatchObject({ state: 'absent' });
    expect(await store.getAccess(s1!.accessId)).toMatchObject({ state: 'held', createKey: s1!.id });
    // The create a crashed wave-1 process left: the next holder looks at the provider first.
    expect(await store.getAccess(crashed!.accessId)).toMatchObject({ state: 'absent', pendingOp: 'create', dueAt: 0 });
    expect(crashed).toMatchObject({ status: 'pending', pendingOp: 'create' });
    expect((await store.dueAccesses(Date.now(), 10)).map((a) => a.id)).toContain(crashed!.accessId);
    // The scheduled grant is due at its start (an indexed due time now).
    expect(await store.nextDueAt()).not.toBeNull();
    expect((await store.history(a1!.id)).map((e) => e.action)).toEqual(['requested', 'created']);
    await store.close();

    // Migrating is once: a second open changes nothing.
    const again = await SqliteGrantStore.open({ path });
    expect((await again.list({ limit: 100 })).items.map((g) => g.accessId).sort()).toEqual(grants.map((g) => g.accessId).sort());
    await again.close();
  });

  it('the service carries on: a revoke of a shared access is kept, a crashed create is finished', async () => {
    const path = await wave1File();
    const fakes = await startProviderFakes();
    const store = await SqliteGrantStore.open({ path });
    const grantkit = createGrantkit({ providers: fakes.providerConfigs(), store });
    try {
      const grants = await grantkit.list({ limit: 100 }).toArray({ limit: 100 });
      const [a1, a2] = [grants.find((g) => g.id === byKeyId(grants, 'a1')), grants.find((g) => g.id === byKeyId(grants, 'a2'))];
      const before = fakes.atomicwork.received.length;
      const revoked = await grantkit.revoke(a2!.id);
      expect(revoked).toMatchObject({ status: 'revoked', keptBy: a1!.id });
      expect(fakes.atomicwork.received.length).toBe(before);

      const report = await grantkit.sweep(new Date(), { driftChecks: 0 });
      const crashedId = byKeyId(grants, 'crashed');
      expect(report.reconciled).toContain(crashedId);
      expect(await grantkit.get(crashedId)).toMatchObject({ status: 'active' });
      expect(fakes.atomicwork.state.grantsFor('1003', '3001')).toHaveLength(1);
    } finally {
      await grantkit.close();
      await fakes.close();
    }
  });
});

function byKeyId(grants: Array<{ id: string }>, key: string): string {
  // The fixture's idempotency keys are wave1-<name>; the public Grant does not show them, so map via the store rows.
  return (grants as Array<{ id: string }>).find((g) => FIXTURE_IDS[key] === g.id)!.id;
}

/** Grant ids of the fixture, by name (from test/fixtures/wave1-store.sql). */
const FIXTURE_IDS: Record<string, string> = Object.fromEntries(
  [...fixture.matchAll(/INSERT INTO grants \(.*?\) VALUES \('(gr_[^']+)', '[a-z]+', [^,]+, '[a-z]+', 'wave1-([a-z0-9]+)'/g)].map((m) => [m[2]!, m[1]!]),
);
