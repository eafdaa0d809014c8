import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, startAtomicworkFake } from '@grantkit/testing';
import { SqliteGrantStore } from '../../src/sqlite.js';

const child = fileURLToPath(new URL('../fixtures/crash-child.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'grantkit-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { proc: ChildProcess; output: Promise<string> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const output = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child timed out: ${err}`));
    }, 20_000);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 || signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
  return { proc, output };
}

describe('crash between the provider call and the outcome write', () => {
  it('after SIGKILL and a restart, exactly one grant exists at the provider and the store agrees', async () => {
    const fake = await startAtomicworkFake();
    try {
      const { users, entitlements } = ATOMICWORK_SEED_IDS;
      // The create is processed (the grant exists) but its reply never finishes: the process waits.
      fake.faults.add({ route: /^POST \/api\/v1\/iga\/grants$/, stallBodyRate: 1, times: 1 });
      const path = join(dir, 'crash.db');
      const args = [path, fake.url, fake.apiKey, fake.workspaceId, users.grace, entitlements.githubAdmins];
      const first = run(['grant', ...args]);
      const deadline = Date.now() + 15_000;
      while (fake.state.grantsFor(users.grace, entitlements.githubAdmins).length === 0) {
        if (Date.now() > deadline) throw new Error('the create never reached the fake');
        await new Promise((r) => setTimeout(r, 20));
      }
      first.proc.kill('SIGKILL');
      expect(await first.output).not.toContain('granted');

      // What the dead process left: an intent, no outcome.
      const store = await SqliteGrantStore.open({ path });
      const [left] = (await store.list({ limit: 10 })).items;
      expect(left).toMatchObject({ status: 'pending', pendingOp: 'create', externalId: null });
      await store.close();

      const second = run(['sweep', ...args]);
      const { report, grants } = JSON.parse((await second.output).trim()) as { report: { reconciled: string[] }; grants: Array<{ id: string; status: string; externalId: string }> };
      const atFake = fake.state.grantsFor(users.grace, entitlements.githubAdmins);
      expect(atFake).toHaveLength(1);
      expect(grants).toHaveLength(1);
      expect(report.reconciled).toEqual([grants[0]!.id]);
      expect(grants[0]).toMatchObject({ status: 'active', externalId: atFake[0]!.id });
    } finally {
      await fake.close();
    }
  });
});
