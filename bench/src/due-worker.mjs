// Bench 7 in fresh processes. Synthetic active Atomicwork grants, each claiming its own held
// access, written through `transact` in units of 25,000 grants + 25,000 accesses (50,000 rows). A
// fixed number of records is due at any size (1,000 grant ends, 1,000 access retries, 1,000 drift
// checks), spread through the insertion order, so every size returns the same work and only the
// cost of finding it can differ.
// Usage:
//   node due-worker.mjs build <path> <size> <from> <to>   writes records from..to-1 of a SQLite file of `size`
//   node due-worker.mjs measure sqlite <size> <path>      times the queries on that file
//   node due-worker.mjs measure memory <size>             builds a MemoryGrantStore and times them
// A SQLite file is built in chunks, each by a process of its own. That was needed while the store
// ran on @libsql/client 0.18.0, which keeps ~4.5 KB of native memory per executed statement (it
// prepares every statement anew; bench/RESULTS.md, note 7); the store now reuses prepared
// statements through `libsql` itself, and the chunks merely keep each build short.
import { join } from 'node:path';
import { MemoryGrantStore } from '@grantkit/core';
import { SqliteGrantStore } from '@grantkit/core/sqlite';
import { emit, median } from './lib/measure.mjs';

const [mode, ...args] = process.argv.slice(2);
const UNIT = 25_000; // grants per unit, each with its access: 50,000 rows
const DUE = 1000;
const CALLS = Number(process.env.BENCH_DUE_CALLS ?? 300);
const WARMUP = 30;
const DAY = 86_400_000;
// Every process of one build agrees on the clock the records are laid out against.
const now = Number(process.env.BENCH_DUE_NOW ?? Date.now());
const pad = (i) => String(i).padStart(8, '0');

function records(i, size) {
  const every = Math.floor(size / DUE);
  const id = `gr_${pad(i)}`;
  const accessId = `ac_${pad(i)}`;
  const due = i % every === 0;
  const stamp = new Date(now - DAY).toISOString();
  // Windows end over the next 30 days; the due ones ended a minute ago.
  const endsAt = new Date(due ? now - 60_000 : now + 3600_000 + Math.floor((i / size) * 30 * DAY)).toISOString();
  const subject = { userId: String(1_000_000 + i) };
  const target = { entitlementId: '7003' };
  const request = { provider: 'atomicwork', subject, target, window: { endsAt } };
  const access = {
    id: accessId, provider: 'atomicwork', key: JSON.stringify(['atomicwork', subject.userId, target.entitlementId]), externalId: String(10_000 + i),
    state: 'held', request, createKey: id, applied: { status: 'active' }, adopted: null, details: { grantStatus: 'GRANTED' }, pendingOp: null,
    attempts: 0, leaseOwner: null, leaseUntil: null,
    // A retry owed on a few (shifted by half a stride so they are other records than the due grants).
    dueAt: (i + (every >> 1)) % every === 0 ? now - 30_000 : null,
    // Drift checks over the next five minutes; a few overdue.
    checkAt: (i + (every >> 2)) % every === 0 ? now - 10_000 : now + 60_000 + Math.floor((i / size) * 300_000),
    createdAt: stamp, updatedAt: stamp, version: 1,
  };
  const grant = {
    id, accessId, provider: 'atomicwork', externalId: access.externalId, subject, target, status: 'active',
    window: { startsAt: null, endsAt }, createdAt: stamp, updatedAt: stamp, reason: 'on-call', requestedBy: 'bench',
    details: { outcome: 'created' }, request, idempotencyKey: id, requestHash: 'bench', pendingOp: null, pendingArgs: null, version: 1,
  };
  return { access, grant };
}

async function build(store, size, from, to) {
  for (let start = from; start < to; start += UNIT) {
    await store.transact(async (tx) => {
      for (let i = start; i < Math.min(to, start + UNIT); i++) {
        const { access, grant } = records(i, size);
        tx.putAccess(access);
        tx.putGrant(grant);
      }
    });
  }
}

if (mode === 'build') {
  const [path, size, from, to] = [args[0], ...args.slice(1).map(Number)];
  const store = await SqliteGrantStore.open({ path });
  const t0 = performance.now();
  await build(store, size, from, to);
  await store.close();
  emit({ built: to - from, seconds: (performance.now() - t0) / 1000, rss: process.memoryUsage.rss() });
  process.exit(0);
}

if (mode !== 'measure') throw new Error(`unknown mode ${mode}`);
const [kind, sizeArg, path] = args;
const size = Number(sizeArg);
let buildSeconds = null;
let store;
if (kind === 'sqlite') store = await SqliteGrantStore.open({ path });
else {
  store = new MemoryGrantStore();
  const t0 = performance.now();
  await build(store, size, 0, size);
  buildSeconds = (performance.now() - t0) / 1000;
}

// The build's garbage is not the queries' to pay for.
globalThis.gc?.();
globalThis.gc?.();

async function time(name, query, expected) {
  const samples = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const t = performance.now();
    const result = await query();
    const ms = performance.now() - t;
    if (i === 0) expected(result, name);
    if (i >= WARMUP) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: median(samples), p90: samples[Math.floor(samples.length * 0.9)] };
}
const expectLength = (n) => (result, name) => {
  if (result.length !== n) throw new Error(`${kind} ${size}: ${name} returned ${result.length}, expected ${n}`);
};
const at = Date.now();
const timings = {
  dueGrants: await time('dueGrants', () => store.dueGrants(at, 100), expectLength(100)),
  dueAccesses: await time('dueAccesses', () => store.dueAccesses(at, 100), expectLength(100)),
  nextDueAt: await time('nextDueAt', () => store.nextDueAt(), (next) => {
    if (next !== now - 60_000) throw new Error(`${kind} ${size}: nextDueAt ${next}, expected ${now - 60_000}`);
  }),
  staleAccesses: await time('staleAccesses', () => store.staleAccesses(at, 25), expectLength(25)),
  // The reference the issue names: a page of the list, which never depended on the size.
  list: await time('list', async () => (await store.list({ limit: 100 })).items, expectLength(100)),
};
await store.close();
emit({ kind, size, buildSeconds, timings, rss: process.memoryUsage.rss() });
