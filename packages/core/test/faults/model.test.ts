/**
 * Model-based check of the access model (fast-check, seeded, bounded): random interleavings of
 * grant / revoke / update / revokeAll / expire / sweep / crash-restart over a few people and
 * accesses, in two real processes on one SQLite file, compared at the end with a simple model:
 * the provider holds exactly the union of the live grants, each live grant's status is true, and
 * no event is missing. Replay a failure with MODEL_SEED=<seed printed by fast-check>.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED, startProviderFakes, type ProviderFakes } from '@grantkit/testing';
import { SqliteGrantStore } from '../../src/sqlite.js';
import type { GrantRecord } from '../../src/store/types.js';
import { Worker } from './workers.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { users, entitlements } = ATOMICWORK_SEED_IDS;
const LEASE_MS = 1500;
const reliability = { timeoutMs: 2000, maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 };

/** The accesses in play: two Atomicwork (user, entitlement) pairs and one ZITADEL user grant. */
const TARGETS = [
  { provider: 'atomicwork', subject: { userId: users.ada }, target: { entitlementId: entitlements.githubEngineering } },
  { provider: 'atomicwork', subject: { userId: users.grace }, target: { entitlementId: entitlements.githubEngineering } },
  { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['admin'] } },
  { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['viewer'] } },
  { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['admin', 'oncall'] } },
] as const;
const PEOPLE = ['p1', 'p2'] as const;
const ROLE_SETS = [['viewer'], ['oncall'], ['admin', 'viewer']];

type Op =
  | { kind: 'grant'; worker: number; person: number; target: number; endsInS: number | null }
  | { kind: 'revoke'; worker: number; pick: number }
  | { kind: 'update'; worker: number; pick: number; roles: number }
  | { kind: 'revokeAll'; worker: number; person: number }
  | { kind: 'sweep'; worker: number };
type Step = { kind: 'batch'; ops: Op[] } | { kind: 'advance'; seconds: number } | { kind: 'crash'; worker: number };

const worker = fc.integer({ min: 0, max: 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('grant' as const), worker, person: fc.integer({ min: 0, max: 1 }), target: fc.integer({ min: 0, max: TARGETS.length - 1 }), endsInS: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('revoke' as const), worker, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('update' as const), worker, pick: fc.nat(), roles: fc.integer({ min: 0, max: ROLE_SETS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revokeAll' as const), worker, person: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sweep' as const), worker }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('batch' as const), ops: fc.array(op, { minLength: 1, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), worker }) },
);

const totals = { runs: 0, grants: 0, ended: 0, crashes: 0 };

interface Made {
  id: string;
  person: string;
  provider: string;
  endsAt: number | null;
}

async function runScenario(steps: Step[]): Promise<void> {
  const fakes = await startProviderFakes();
  const path = join(dir, `model-${Date.now()}-${Math.random().toString(36).slice(2)}.db`);
  const providers = fakes.providerConfigs(reliability);
  let offset = 0;
  const start = async () => {
    const w = await Worker.start(path, providers, LEASE_MS);
    if (offset) await w.call('advance', { ms: offset });
    return w;
  };
  const workers = [await start(), await start()];
  const made: Made[] = [];
  // Grants a completed revoke (or revokeAll, for what existed when it started) must have ended.
  const mustEnd = new Set<string>();
  try {
    for (const s of steps) {
      if (s.kind === 'advance') {
        offset += s.seconds * 1000;
        await Promise.all(workers.map((w) => w.call('advance', { ms: s.seconds * 1000 })));
      } else if (s.kind === 'crash') {
        await workers[s.worker]!.kill();
        workers[s.worker] = await start();
      } else {
        await Promise.all(s.ops.map((o) => runOp(o, workers, made, mustEnd, () => offset)));
      }
    }
    // Settle: every claim of a dead process runs out, then sweeps finish what is left.
    offset += LEASE_MS + 500;
    await Promise.all(workers.map((w) => w.call('advance', { ms: LEASE_MS + 500 })));
    for (let i = 0; i < 3; i++) for (const w of workers) expect((await w.call('sweep')).ok).toBe(true);
    await Promise.all(workers.map((w) => w.close()));
    await check(path, fakes, made, mustEnd, Date.now() + offset);
    totals.runs++;
    totals.grants += made.length;
    totals.ended += mustEnd.size;
    totals.crashes += steps.filter((s) => s.kind === 'crash').length;
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
    await fakes.close();
  }
}

async function runOp(o: Op, workers: Worker[], made: Made[], mustEnd: Set<string>, offset: () => number): Promise<void> {
  const w = workers[o.worker]!;
  const pick = (n: number) => (made.length ? made[n % made.length] : undefined);
  switch (o.kind) {
    case 'grant': {
      const endsAt = o.endsInS === null ? null : Date.now() + offset() + o.endsInS * 1000;
      const request = { ...TARGETS[o.target]!, personId: PEOPLE[o.person]!, ...(endsAt ? { window: { endsAt: new Date(endsAt).toISOString() } } : {}) };
      const r = await w.call('grant', { request });
      const id = (r.value as { grant?: { id: string } } | undefined)?.grant?.id;
      if (id) made.push({ id, person: PEOPLE[o.person]!, provider: request.provider, endsAt });
      return;
    }
    case 'revoke': {
      const g = pick(o.pick);
      if (g && (await w.call('revoke', { id: g.id })).ok) mustEnd.add(g.id);
      return;
    }
    case 'update': {
      const g = pick(o.pick);
      if (g?.provider === 'zitadel') await w.call('update', { id: g.id, changes: { roleKeys: ROLE_SETS[o.roles] } });
      return;
    }
    case 'revokeAll': {
      const before = made.filter((g) => g.person === PEOPLE[o.person]).map((g) => g.id);
      const r = await w.call('revokeAll', { personId: PEOPLE[o.person] });
      const failed = new Set(((r.value as { grants?: Array<{ grantId: string; outcome: string }> } | undefined)?.grants ?? []).filter((e) => e.outcome === 'failed').map((e) => e.grantId));
      if (r.ok) for (const id of before) if (!failed.has(id)) mustEnd.add(id);
      return;
    }
    case 'sweep':
      await w.call('sweep');
  }
}

async function check(path: string, fakes: ProviderFakes, made: Made[], mustEnd: Set<string>, now: number): Promise<void> {
  const store = await SqliteGrantStore.open({ path });
  try {
    const grants: GrantRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.list({ limit: 500, after });
      grants.push(...page.items);
      if (!page.nextAfter) break;
      after = page.nextAfter;
    }
    const live = (g: GrantRecord) => g.status === 'pending' || g.status === 'active';
    // Nothing left half done.
    expect(grants.filter((g) => g.pendingOp !== null).map((g) => `${g.id} ${g.pendingOp}`)).toEqual([]);
    // The provider holds exactly the union of the live grants.
    for (const t of TARGETS.filter((x) => x.provider === 'atomicwork')) {
      const claims = grants.filter((g) => live(g) && g.provider === 'atomicwork' && g.subject.userId === t.subject.userId);
      expect(fakes.atomicwork.state.grantsFor(t.subject.userId, t.target.entitlementId, 'ACTIVE'), `atomicwork ${t.subject.userId}`).toHaveLength(claims.length ? 1 : 0);
    }
    const union = [...new Set(grants.filter((g) => live(g) && g.provider === 'zitadel').flatMap((g) => g.target.roleKeys as string[]))].sort();
    const atZitadel = fakes.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice && g.state === 'ACTIVE');
    expect(atZitadel.map((g) => [...g.roleKeys].sort()), 'zitadel role keys').toEqual(union.length ? [union] : []);
    // Each live grant's status is true: active, and on the access the provider holds.
    expect(grants.filter((g) => live(g) && g.status !== 'active').map((g) => g.id)).toEqual([]);
    const byId = new Map(grants.map((g) => [g.id, g]));
    for (const m of made) {
      const g = byId.get(m.id);
      expect(g, `grant ${m.id} was returned to a caller but is not in the store`).toBeDefined();
      if (mustEnd.has(m.id)) expect(['revoked', 'expired'], `grant ${m.id} was revoked`).toContain(g!.status);
      if (m.endsAt !== null && m.endsAt <= now - 500) expect(['revoked', 'expired'], `grant ${m.id}'s window ended`).toContain(g!.status);
    }
    // No event is missing: every grant was requested, and its newest event tells its status.
    for (const g of grants) {
      const history = await store.history(g.id);
      expect(history[0]?.action).toBe('requested');
      expect([...history].reverse().find((e) => e.outcome === 'success')?.status, `events of ${g.id}`).toBe(g.status);
    }
  } finally {
    await store.close();
  }
}

describe('the access model under random interleavings in two processes', () => {
  it('ends with the provider holding exactly the union of the live grants, true statuses, and every event', async () => {
    const seed = Number(process.env.MODEL_SEED ?? 42);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 12 }), (steps) => runScenario(steps)),
      { seed, numRuns: Number(process.env.MODEL_RUNS ?? 5), interruptAfterTimeLimit: 90_000, endOnFailure: true },
    );
    console.log(`model: seed ${seed}, ${totals.runs} runs, ${totals.grants} grants made, ${totals.ended} revoked by a call, ${totals.crashes} crash-restarts`);
    // The property must have exercised something: grants made and taken away, processes killed.
    expect(totals.grants).toBeGreaterThan(10);
    expect(totals.ended).toBeGreaterThan(0);
  }, 180_000);
});
