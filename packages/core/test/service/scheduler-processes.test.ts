/**
 * The scheduler across restarts and processes, on a real SQLite file: a restart picks overdue work
 * up at once; a scheduler in another process (a real child, running the built package) sees this
 * process's writes through its poll; two schedulers on one store make each provider write once;
 * `stop()` waits for the writes in flight and leaves nothing orphaned; and a process whose only
 * live handle would be the scheduler exits by itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { access, record } from '../store/records.js';
import { HOUR } from './harness.js';
import { countingNextDue, startSchedulerSetup, type SchedulerSetup } from './scheduler-harness.js';

const childScript = fileURLToPath(new URL('../fixtures/scheduler-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'grantkit-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const dbPath = () => join(dir, `s${++files}.db`);

let s: SchedulerSetup | undefined;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await s?.close();
  s = undefined;
});

const revokeRoute = /^POST \/api\/v1\/iga\/grants\/[^/]+\/revoke$/;

/** Starts the child; resolves once its output has `line`. Killed after `timeoutMs` whatever happens. */
function runChild(args: string[], line: string, timeoutMs = 15_000) {
  const proc = spawn(process.execPath, [childScript, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const killer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    proc.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, out, err });
    });
  });
  const seen = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', () => out.includes(line) && resolve());
    void exited.then((e) => reject(new Error(`child ended (${e.signal ?? e.code}) before "${line}": ${e.err.slice(-500)}`)));
  });
  return { proc, seen, exited };
}

describe('restarts and other processes', () => {
  it('a restart picks up overdue ends and starts at once', async () => {
    const path = dbPath();
    s = await startSchedulerSetup({ store: await SqliteGrantStore.open({ path }) });
    const endsAt = s.now() + 200;
    await s.grantkit.grant(s.request(0, { endsAt }));
    await s.grantkit.grant(s.request(1, { startsAt: endsAt, endsAt: endsAt + HOUR }));
    // The process goes away with no scheduler running; both times pass while it is down.
    await s.grantkit.close();
    await new Promise((r) => setTimeout(r, Math.max(0, endsAt + 50 - s!.now())));
    const restarted = s.newGrantkit(await SqliteGrantStore.open({ path }));
    const t0 = Date.now();
    restarted.startScheduler();
    expect((await s.waitRevoked(0, 3000)) - t0).toBeLessThan(1000);
    expect((await s.waitCreated(1, 3000)) - t0).toBeLessThan(1000);
  });

  it("a scheduler in another process ends this process's grants on time, through its poll", { timeout: 30_000 }, async () => {
    const path = dbPath();
    s = await startSchedulerSetup({ store: await SqliteGrantStore.open({ path }) });
    const child = runChild(['serve', path, s.fake.url, s.fake.apiKey, s.fake.workspaceId], 'ready');
    await child.seen;
    // This process runs no scheduler: only the child's poll (1 s by default) can see the grant.
    const endsAt = s.now() + 500;
    await s.grantkit.grant(s.request(0, { endsAt }));
    const revokedAt = await s.waitRevoked(0, 5000);
    expect(revokedAt - endsAt).toBeGreaterThanOrEqual(0);
    expect(revokedAt - endsAt).toBeLessThan(2000);
    child.proc.stdin.end();
    expect((await child.exited).code).toBe(0);
  });

  it('two schedulers on one store, in two processes, make each provider write once', { timeout: 30_000 }, async () => {
    const path = dbPath();
    const n = 60;
    s = await startSchedulerSetup({ store: await SqliteGrantStore.open({ path }), users: n });
    const child = runChild(['serve', path, s.fake.url, s.fake.apiKey, s.fake.workspaceId], 'ready');
    await child.seen;
    s.grantkit.startScheduler();
    const endsAt = s.now() + 1500;
    for (let i = 0; i < n; i++) await s.grantkit.grant(s.request(i, { endsAt }));
    expect(s.now()).toBeLessThan(endsAt);
    await s.waitHistory('REVOKED', n, 10_000);
    // Both processes were due at the same instant; the claims let one of them write each revoke.
    expect(s.revokeRequests()).toBe(n);
    child.proc.stdin.end();
    expect((await child.exited).code).toBe(0);
    await expect.poll(async () => (await s!.grantkit.list({ status: 'expired', limit: 100 }).toArray({ limit: 100 })).length).toBe(n);
  });
});

describe('a store shared with an app that has other providers', () => {
  it("leaves that app's due work to it, without spinning on it, and keeps its own on time", async () => {
    const path = dbPath();
    const store = await SqliteGrantStore.open({ path });
    // The other app's ZITADEL grant ended a minute ago and its access owes a retry: due now.
    const theirAccess = access({ provider: 'zitadel', state: 'held', externalId: '1001', dueAt: Date.now() - 60_000 });
    const theirGrant = record({ provider: 'zitadel', accessId: theirAccess.id, window: { startsAt: null, endsAt: new Date(Date.now() - 60_000).toISOString() } });
    await store.transact(async (tx) => {
      tx.putAccess(theirAccess);
      tx.putGrant(theirGrant);
    });
    const counted = countingNextDue(store);
    s = await startSchedulerSetup({ store: counted.store, scheduler: { pollMs: 0 } });
    s.grantkit.startScheduler();
    const endsAt = s.now() + 1000;
    await s.grantkit.grant(s.request(0, { endsAt }));
    expect((await s.waitRevoked(0, 3000)) - endsAt).toBeLessThan(1000);
    // Theirs is as it was: not marked, not driven.
    expect(await store.getGrant(theirGrant.id)).toMatchObject({ status: 'active', pendingOp: null, version: theirGrant.version });
    expect(await store.getAccess(theirAccess.id)).toMatchObject({ dueAt: theirAccess.dueAt, leaseOwner: null, version: theirAccess.version });
    // Due but not ours: looked at after pauses of 250 ms, 500 ms, 1 s, ... (5 s at most), not in a loop.
    const at = counted.calls();
    await new Promise((r) => setTimeout(r, 1000));
    expect(counted.calls() - at).toBeLessThanOrEqual(6);
  });
});

describe('stop()', () => {
  it('waits for the writes in flight, starts none after, and leaves what it marked for the next sweep', async () => {
    const n = 30;
    s = await startSchedulerSetup({ store: await SqliteGrantStore.open({ path: dbPath() }), users: n });
    const endsAt = s.now() + 500;
    for (let i = 0; i < n; i++) await s.grantkit.grant(s.request(i, { endsAt }));
    s.fake.faults.add({ route: revokeRoute, latencyMs: 150 });
    s.grantkit.startScheduler({ concurrency: 2 });
    await s.waitHistory('REVOKED', 1, 5000);
    await s.grantkit.stop();
    // Every write that started has its outcome in the store when stop() resolves.
    const expired = async () => (await s!.grantkit.list({ status: 'expired', limit: 100 }).toArray({ limit: 100 })).length;
    const revoked = s.revokeRequests();
    expect(await expired()).toBe(revoked);
    expect(revoked).toBeLessThan(n);
    // No new write after stop() (two latencies' worth of quiet).
    await new Promise((r) => setTimeout(r, 400));
    expect(s.revokeRequests()).toBe(revoked);
    // The grants it marked but did not get to are due in the store: one sweep finishes them.
    s.fake.faults.clear();
    const report = await s.grantkit.sweep(new Date(), { batchSize: 100, driftChecks: 0 });
    expect(report.failed).toEqual([]);
    expect(await expired()).toBe(n);
    expect(s.revokeRequests()).toBe(n);
  });
});

describe('the process lifetime', () => {
  it('a process whose only pending work is the scheduler exits by itself', async () => {
    s = await startSchedulerSetup();
    const { users, entitlements } = ATOMICWORK_SEED_IDS;
    const t0 = Date.now();
    const child = runChild(['idle', s.fake.url, s.fake.apiKey, s.fake.workspaceId, users.ada, entitlements.githubEngineering], 'scheduled', 10_000);
    await child.seen;
    const { code, signal } = await child.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(8000);
  });
});
