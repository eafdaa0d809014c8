/**
 * Crash: a bulk run in a child process (the built package, SQLite store) is killed with SIGKILL at
 * a random point, twice, and restarted each time; the last run finishes. Afterwards every user has
 * exactly one grant at the provider (none lost, none duplicated) and the store agrees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, startAtomicworkFake } from '@grantkit/testing';
import { SqliteGrantStore } from '../../src/sqlite.js';
import { expectNoSecrets, prng, seedFrom } from './support.js';

const child = fileURLToPath(new URL('../fixtures/bulk-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'grantkit-bulk-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = 300;
const FIRST_USER = 700_000;
const SEED = seedFrom('CRASH_SEED', 7);

interface Run {
  proc: ChildProcess;
  output: () => string;
  /** Resolves when the child has reported `n` grants done (or exited). */
  doneAtLeast(n: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Run {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let done = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const m of d.toString().matchAll(/done (\d+)\n/g)) done = Math.max(done, Number(m[1]));
    for (const w of [...waiters]) if (done >= w.n) waiters.splice(waiters.indexOf(w), 1), w.resolve();
  });
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 40_000);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters) w.resolve();
      resolve({ code, signal });
    }),
  );
  return { proc, output: () => out, doneAtLeast: (n) => (done >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))), exit };
}

describe('bulk run killed with SIGKILL and restarted', () => {
  it('finishes with exactly one grant per user at the provider and in the store', { timeout: 60_000 }, async () => {
    const fake = await startAtomicworkFake();
    const outputs: string[] = [];
    try {
      for (let n = 0; n < COUNT; n++) {
        const id = String(FIRST_USER + n);
        fake.state.users.set(id, { id, email: `u${id}@example.com`, name: `User ${id}` });
      }
      // Creates take a while, so a kill finds several of them between the provider's write and ours.
      fake.faults.add({ route: 'POST /api/v1/iga/grants', latencyMs: 40 });
      const entitlement = ATOMICWORK_SEED_IDS.entitlements.githubEngineering;
      const path = join(dir, 'bulk.db');
      const args = [path, fake.url, fake.apiKey, fake.workspaceId, entitlement, String(FIRST_USER), String(COUNT)];
      const random = prng(SEED);
      // Two kills at random points of the run, then a run that finishes.
      let killedAt = 0;
      for (let kill = 0; kill < 2; kill++) {
        const run = start(args);
        const at = killedAt + 20 + Math.floor(random() * 80);
        await run.doneAtLeast(at);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
        run.proc.kill('SIGKILL');
        const { signal } = await run.exit;
        outputs.push(run.output());
        expect(signal, `run ${kill + 1} ended before its kill: ${run.output().slice(-500)}`).toBe('SIGKILL');
        expect(run.output()).not.toContain('finished');
        killedAt = at;
      }
      const last = start(args);
      const { code } = await last.exit;
      outputs.push(last.output());
      expect(code, last.output().slice(-1000)).toBe(0);
      expect(last.output()).toContain('finished');
      const swept = outputs.map((o) => JSON.parse(/swept (.*)\n/.exec(o)![1]!) as { reconciled: string[]; failed: unknown[] });
      console.log(`bulk crash: killed after ~${outputs.slice(0, 2).map((o) => o.match(/done (\d+)\n/g)?.length ?? 0).join(' and ')} grants; restarts reconciled ${swept.slice(1).map((s) => s.reconciled.length).join(' and ')} interrupted creates`);

      // The provider: one ACTIVE grant per user, none missing.
      const perUser = new Map<string, string[]>();
      for (const g of fake.state.grants.values()) {
        if (g.entitlementId !== entitlement || Number(g.userId) < FIRST_USER) continue;
        perUser.set(g.userId, [...(perUser.get(g.userId) ?? []), g.id]);
      }
      const duplicates = [...perUser.entries()].filter(([, ids]) => ids.length > 1);
      expect(duplicates).toEqual([]);
      expect(perUser.size).toBe(COUNT);

      // The store: one active grant per user, pointing at the provider's.
      const store = await SqliteGrantStore.open({ path });
      const records = (await store.list({ limit: 1000 })).items;
      await store.close();
      expect(records).toHaveLength(COUNT);
      for (const r of records) {
        const userId = String((r.subject as { userId: string }).userId);
        expect(r, `record of user ${userId}`).toMatchObject({ status: 'active', pendingOp: null, externalId: perUser.get(userId)?.[0] });
      }
      expectNoSecrets(outputs, { atomicworkApiKey: fake.apiKey });
    } finally {
      await fake.close();
    }
  });
});
