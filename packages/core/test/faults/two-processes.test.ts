/**
 * Two processes on one SQLite file (issue 14, defects 4 and 5): concurrent grants for one access
 * from two real processes, and SIGKILL at random points while they work: every change commits with
 * its event or not at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, ZITADEL_SEED, seededRandom, startProviderFakes, type ProviderFakes } from '@grantkit/testing';
import { SqliteGrantStore } from '../../src/sqlite.js';
import type { GrantRecord } from '../../src/store/types.js';
import { Worker } from './workers.js';

const dir = mkdtempSync(join(tmpdir(), 'grantkit-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { users, entitlements } = ATOMICWORK_SEED_IDS;
const reliability = { timeoutMs: 2000, maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 };

let fakes: ProviderFakes;
const workers: Worker[] = [];
afterEach(async () => {
  while (workers.length) await workers.pop()!.kill();
  await fakes?.close();
});

async function startWorkers(path: string, count = 2): Promise<Worker[]> {
  const started = await Promise.all(Array.from({ length: count }, () => Worker.start(path, fakes.providerConfigs(reliability))));
  workers.push(...started);
  return started;
}

describe('two processes on one SQLite file', () => {
  it('12 concurrent grants each for one access: every call succeeds, exactly one grant at Atomicwork', async () => {
    fakes = await startProviderFakes();
    const path = join(dir, 'same-access.db');
    const [a, b] = await startWorkers(path);
    const request = { provider: 'atomicwork', subject: { userId: users.ada }, target: { entitlementId: entitlements.githubEngineering } };
    const [ra, rb] = await Promise.all([a!.call('grantMany', { request, count: 12 }), b!.call('grantMany', { request, count: 12 })]);
    type Result = { ok: boolean; status?: string; outcome?: string; error?: unknown };
    const results = [...(ra.value as Result[]), ...(rb.value as Result[])];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.every((r) => r.status === 'active')).toBe(true);
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(fakes.atomicwork.state.grantsFor(users.ada, entitlements.githubEngineering)).toHaveLength(1);
    const store = await SqliteGrantStore.open({ path });
    const grants = (await store.list({ limit: 100 })).items;
    await store.close();
    expect(grants).toHaveLength(24);
    expect(new Set(grants.map((g) => g.accessId)).size).toBe(1);
    expect(grants.every((g) => g.status === 'active' && g.pendingOp === null)).toBe(true);
  });

  it('SIGKILL at random points: every change has its event, and a restart brings provider and store together', async () => {
    fakes = await startProviderFakes();
    const path = join(dir, 'killed.db');
    const seed = Number(process.env.KILL_SEED ?? 20261201);
    const random = seededRandom(seed);
    console.log(`KILL_SEED=${seed} (set KILL_SEED to replay)`);
    const people = ['p1', 'p2', 'p3'];
    const requestFor = (i: number) =>
      i % 2 === 0
        ? { provider: 'atomicwork', subject: { userId: [users.ada, users.grace, users.alan][i % 3] }, target: { entitlementId: entitlements.githubEngineering }, personId: people[i % 3] }
        : { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: [['admin', 'viewer', 'oncall'][i % 3]] }, personId: people[i % 3] };
    let kills = 0;
    for (let round = 0; round < 5; round++) {
      const [worker] = await startWorkers(path, 1);
      // Load: grants, revokes and a person's revokeAll in flight at once; the kill lands among them.
      const inflight: Array<Promise<unknown>> = [];
      const stopAt = Date.now() + 100 + Math.floor(random() * 250);
      let i = round * 100;
      while (Date.now() < stopAt) {
        const n = i++;
        inflight.push(
          worker!.call('grant', { request: requestFor(n) }).then((r) => {
            const id = (r.value as { grant?: { id: string } } | undefined)?.grant?.id;
            return id && random() < 0.5 ? worker!.call('revoke', { id }) : r;
          }),
        );
        if (n % 7 === 0) inflight.push(worker!.call('revokeAll', { personId: people[n % 3] }));
        await new Promise((r) => setTimeout(r, 2));
      }
      if (process.env.DEBUG_KILL) console.log('KILL at', new Date().toISOString());
      await worker!.kill();
      workers.pop();
      kills++;
      await Promise.all(inflight);
      await expectEveryChangeHasItsEvent(path);
    }
    expect(kills).toBe(5);
    // A restarted process whose clock is past every dead claim finishes what was left.
    const [restarted] = await startWorkers(path, 1);
    await restarted!.call('advance', { ms: 10_000 });
    for (let i = 0; i < 3; i++) expect((await restarted!.call('sweep')).ok).toBe(true);
    const store = await SqliteGrantStore.open({ path });
    const grants = await all(store);
    const stuck = grants.filter((g) => g.pendingOp !== null);
    for (const g of stuck) console.log('STUCK', g.id, g.status, g.pendingOp, JSON.stringify(await store.getAccess(g.accessId)).slice(0, 600));
    expect(stuck).toEqual([]);
    for (const userId of [users.ada, users.grace, users.alan]) {
      const live = grants.filter((g) => g.provider === 'atomicwork' && g.subject.userId === userId && ['pending', 'active'].includes(g.status));
      if (process.env.DEBUG_KILL && live.length > 0 && fakes.atomicwork.state.grantsFor(userId, entitlements.githubEngineering, 'ACTIVE').length === 0) {
        const access = await store.getAccess(live[0]!.accessId);
        console.log('ACCESS', JSON.stringify(access));
        console.log('FAKE', JSON.stringify(fakes.atomicwork.state.grantsFor(userId, entitlements.githubEngineering).map((g) => ({ id: g.id, status: g.status }))));
        console.log('AW', JSON.stringify(fakes.atomicwork.received.filter((r) => r.method === 'POST' && !r.url.includes('/list')).map((r) => `${new Date(r.at).toISOString()} ${r.url}`)));
        const log = await store.events({ limit: 100000 });
        for (const e of log.filter((x) => x.accessId === live[0]!.accessId)) console.log('EV', e.seq, e.at, e.grantId.slice(-6), e.action, e.status, e.outcome, e.detail ?? '');
      }
      expect(fakes.atomicwork.state.grantsFor(userId, entitlements.githubEngineering, 'ACTIVE')).toHaveLength(live.length > 0 ? 1 : 0);
    }
    const liveRoles = [...new Set(grants.filter((g) => g.provider === 'zitadel' && ['pending', 'active'].includes(g.status)).flatMap((g) => g.target.roleKeys as string[]))].sort();
    const atZitadel = fakes.zitadel.state.grants().filter((g) => g.userId === ZITADEL_SEED.users.alice);
    expect(atZitadel.map((g) => [...g.roleKeys].sort())).toEqual(liveRoles.length ? [liveRoles] : []);
    await store.close();
  });
});

async function all(store: SqliteGrantStore): Promise<GrantRecord[]> {
  const out: GrantRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list({ limit: 500, after });
    out.push(...page.items);
    if (!page.nextAfter) return out;
    after = page.nextAfter;
  }
}

/** Both or neither: each grant's newest event carries its current status, and it was requested. */
async function expectEveryChangeHasItsEvent(path: string): Promise<void> {
  const store = await SqliteGrantStore.open({ path });
  try {
    for (const g of await all(store)) {
      const history = await store.history(g.id);
      expect(history[0]?.action, `grant ${g.id} has no requested event`).toBe('requested');
      const last = [...history].reverse().find((e) => e.outcome === 'success');
      expect(last?.status, `grant ${g.id} is ${g.status} but its last event says ${last?.status}`).toBe(g.status);
    }
  } finally {
    await store.close();
  }
}
