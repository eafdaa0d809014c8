// Bench 6: access ends and starts on time (issue 17). 1,000 Atomicwork grants whose windows end
// spread over 20 s, granted through a Grantkit on SQLite running the default startScheduler();
// lateness is measured at the fake, from each grant's endsAt to the revoke request it received.
// The same for 1,000 scheduled grants whose starts are spread over 20 s (startsAt to the create).
// Baseline, measured in the same run: the scheduler as it was (a sweep of at most 100 grants
// every 30 s), over the 90 s after the last window that the issue measured. The fake runs in its
// own process; Atomicwork because the service runs its windows (it has none of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGrantkit } from '@grantkit/core';
import { SqliteGrantStore } from '@grantkit/core/sqlite';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import { startFakeProcess } from './lib/fake-client.mjs';
import { emit, fmt, sleep, table } from './lib/measure.mjs';

const GRANTS = Number(process.env.BENCH_SCHEDULER_GRANTS ?? 1000);
const SPREAD_MS = 20_000;
const HORIZON_MS = 90_000;
const TARGET_P99_MS = 1000;
const BASELINE = process.env.BENCH_SCHEDULER_BASELINE !== '0';
const FIRST_USER = 500_000;
const ENTITLEMENT = ATOMICWORK_SEED_IDS.entitlements.githubEngineering;
const HOUR = 3600_000;

/** Runs `fn(i)` for 0..n-1, `width` at a time. */
async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await fn(next++);
  }));
}

/** The scheduler before issue 17, for the baseline: a sweep (100 grants at most) now and every 30 s, never two at once. */
function oldScheduler(grantkit) {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    grantkit.sweep().catch(() => undefined).finally(() => (busy = false));
  };
  const timer = setInterval(tick, 30_000);
  tick();
  return () => clearInterval(timer);
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function scenario(edge, variant) {
  const fake = await startFakeProcess('atomicwork');
  await fake.call('seedAtomicworkUsers', { first: FIRST_USER, count: GRANTS });
  const dir = mkdtempSync(join(tmpdir(), 'grantkit-bench-scheduler-'));
  const store = await SqliteGrantStore.open({ path: join(dir, 'grants.db') });
  const grantkit = createGrantkit({ providers: { atomicwork: { baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId } }, store });
  try {
    // As an app runs it: the scheduler starts at boot, the grants come while it runs.
    const stopOld = variant === 'old' ? oldScheduler(grantkit) : (grantkit.startScheduler(), () => undefined);
    // Ends need their grants created at the provider first (two requests each); starts are only written.
    const lead = edge === 'ends' ? 15_000 : 5_000;
    const t0 = Date.now() + lead;
    const due = (i) => t0 + Math.floor((i * SPREAD_MS) / GRANTS);
    const createStarted = performance.now();
    await pool(GRANTS, 50, async (i) => {
      const window = edge === 'ends' ? { endsAt: new Date(due(i)).toISOString() } : { startsAt: new Date(due(i)).toISOString(), endsAt: new Date(due(i) + HOUR).toISOString() };
      const { outcome } = await grantkit.grant(
        { provider: 'atomicwork', subject: { userId: String(FIRST_USER + i) }, target: { entitlementId: ENTITLEMENT }, window },
        { idempotencyKey: `bench-${edge}-${i}` },
      );
      if (outcome !== (edge === 'ends' ? 'created' : 'scheduled')) throw new Error(`grant ${i}: outcome ${outcome}`);
    });
    const createSeconds = (performance.now() - createStarted) / 1000;
    if (Date.now() > t0 - 500) throw new Error(`granting took ${createSeconds.toFixed(1)} s, past the first ${edge === 'ends' ? 'end' : 'start'}: raise the lead time`);

    const last = due(GRANTS - 1);
    const horizon = last + HORIZON_MS;
    let rows = [];
    const doneAt = (row) => (edge === 'ends' ? row[2] : row[1]);
    for (;;) {
      rows = await fake.call('atomicworkTimes', { entitlementId: ENTITLEMENT });
      const done = edge === 'ends' ? rows.filter((r) => r[2] !== null).length : rows.length;
      if (done >= GRANTS || Date.now() > horizon) break;
      await sleep(250);
    }
    stopOld();
    const byUser = new Map(rows.map((r) => [Number(r[0]) - FIRST_USER, r]));
    const late = [];
    for (let i = 0; i < GRANTS; i++) {
      const row = byUser.get(i);
      const at = row ? doneAt(row) : null;
      if (at !== null) late.push(at - due(i));
    }
    late.sort((a, b) => a - b);
    const duplicates = rows.reduce((n, r) => n + (r[3] - 1), 0);
    return {
      edge, variant, createSeconds, done: late.length, missed: GRANTS - late.length, duplicates, early: late.filter((l) => l < 0).length,
      p50: percentile(late, 50), p99: percentile(late, 99), max: late.at(-1) ?? NaN, min: late[0] ?? NaN,
    };
  } finally {
    await grantkit.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = [];
for (const [edge, variant] of [['ends', 'new'], ['starts', 'new'], ...(BASELINE ? [['ends', 'old']] : [])]) {
  const r = await scenario(edge, variant);
  runs.push(r);
  console.error(`scheduler ${variant} ${edge}: ${r.done} done, ${r.missed} missed, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms`);
}
const ours = runs.filter((r) => r.variant === 'new');
const pass = ours.every((r) => r.missed === 0 && r.p99 <= TARGET_P99_MS && r.duplicates === 0 && r.early === 0);
const ms = (v) => (Number.isFinite(v) ? fmt(v) : '-');
console.log(`\n## 6. Ends and starts on time: ${fmt(GRANTS)} Atomicwork grants per row, windows spread over ${SPREAD_MS / 1000} s, SQLite store, default settings; lateness at the fake`);
const text = table(
  ['scheduler', 'edge', 'done', `missed (${HORIZON_MS / 1000} s after the last)`, 'p50 ms', 'p99 ms', 'max ms', 'min ms', 'duplicates'],
  runs.map((r) => [
    r.variant === 'new' ? 'startScheduler() (timer + drain)' : 'before: sweep of 100 every 30 s',
    r.edge === 'ends' ? 'endsAt -> revoke' : 'startsAt -> create',
    fmt(r.done), fmt(r.missed), ms(r.p50), ms(r.p99), ms(r.max), ms(r.min), r.duplicates,
  ]),
);
console.log(`target: every one done, p99 <= ${TARGET_P99_MS} ms, none early, no duplicate, for ends and for starts: ${pass ? 'PASS' : 'FAIL'}`);
emit({ bench: 'scheduler', grants: GRANTS, runs, pass, table: text });
