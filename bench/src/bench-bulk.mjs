// Bench 3: 10,000 grants through Grantkit.grant against an Atomicwork fake that allows 500
// requests/s (429 + Retry-After beyond). Every grant is for a new user: an access new to the store,
// which costs 2 requests (Atomicwork has no idempotency key, so the service looks for an active
// grant made outside grantkit before it creates one; a grant on an access the store already holds
// costs none). The floor is therefore 2 x 10,000 / 500 = 40 s; the table also shows the one-request
// floor a create alone would have (20 s) and the provider requests per grant actually sent.
// Baseline: naive Promise.all over fetch (creates only, no look-up).
import { createGrantkit } from '@grantkit/core';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import { startFakeProcess } from './lib/fake-client.mjs';
import { emit, fmt, median, sleep, table } from './lib/measure.mjs';

const GRANTS = Number(process.env.BENCH_GRANTS ?? 10_000);
const LIMIT_RPS = 500;
const CLIENT_RPS = 490; // just under the fake's limit: it never trips a 429 in steady state
const RUNS = Number(process.env.BENCH_BULK_RUNS ?? 3);
const WORKERS = 200;
const FIRST_USER = 100_000;
const WARMUP = 300;
const REQUESTS_PER_NEW_ACCESS = 2;
const floorSeconds = (REQUESTS_PER_NEW_ACCESS * GRANTS) / LIMIT_RPS;
const { githubEngineering: ENTITLEMENT, salesforceUser: WARMUP_ENTITLEMENT } = ATOMICWORK_SEED_IDS.entitlements;

async function freshFake() {
  const fake = await startFakeProcess('atomicwork', { rateLimit: { rps: LIMIT_RPS, retryAfterSeconds: 1 } });
  await fake.call('seedAtomicworkUsers', { first: FIRST_USER, count: GRANTS });
  return fake;
}

async function pool(count, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function naive() {
  const fake = await freshFake();
  const headers = { 'content-type': 'application/json', 'x-api-key': fake.apiKey, 'x-workspace-id': fake.workspaceId };
  const t0 = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: GRANTS }, (_, i) =>
      fetch(`${fake.url}/api/v1/iga/grants`, { method: 'POST', headers, body: `{"user_id":${FIRST_USER + i},"entitlement_id":${ENTITLEMENT}}` }).then(
        async (res) => (await res.arrayBuffer(), res.status),
        () => 'network',
      ),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const counts = await fake.call('atomicworkGrantCounts');
  await fake.close();
  const failed = statuses.filter((s) => s !== 201 && s !== 200).length;
  return { seconds, failed, rateLimited: statuses.filter((s) => s === 429).length, granted: counts.pairs, duplicates: counts.duplicates };
}

async function grantkitRun() {
  const fake = await freshFake();
  const grantkit = createGrantkit({
    providers: {
      atomicwork: {
        baseUrl: fake.url,
        apiKey: fake.apiKey,
        workspaceId: fake.workspaceId,
        reliability: { requestsPerSecond: CLIENT_RPS, maxRetries: 5 },
      },
    },
  });
  // Warm-up on another entitlement, then let the fake's rolling one-second window empty.
  await pool(WARMUP, (i) => grantkit.grant({ provider: 'atomicwork', subject: { userId: String(FIRST_USER + i) }, target: { entitlementId: WARMUP_ENTITLEMENT } }));
  await sleep(1500);
  const before = await fake.call('counters');
  let failed = 0;
  let firstError;
  const t0 = performance.now();
  await pool(GRANTS, async (i) => {
    try {
      const { outcome } = await grantkit.grant(
        { provider: 'atomicwork', subject: { userId: String(FIRST_USER + i) }, target: { entitlementId: ENTITLEMENT } },
        { idempotencyKey: `bulk-${i}` },
      );
      if (outcome !== 'created') throw new Error(`outcome ${outcome}`);
    } catch (error) {
      failed++;
      firstError ??= String(error);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const after = await fake.call('counters');
  const counts = await fake.call('atomicworkGrantCounts');
  const active = await grantkit.list({ provider: 'atomicwork', status: 'active', limit: 500 }).toArray({ limit: GRANTS + WARMUP + 1 });
  await grantkit.close();
  await fake.close();
  return {
    seconds,
    failed,
    firstError,
    requests: after.requests - before.requests,
    rateLimited: after.rateLimited - before.rateLimited,
    // Every ACTIVE grant at the fake, minus the warm-up's: one per user, or a duplicate.
    granted: counts.pairs - WARMUP,
    duplicates: counts.duplicates,
    storeActive: active.length - WARMUP,
  };
}

const naiveRuns = [];
const ours = [];
for (let run = 0; run < RUNS; run++) {
  naiveRuns.push(await naive());
  ours.push(await grantkitRun());
  console.error(`bulk run ${run + 1}/${RUNS}: naive ${naiveRuns.at(-1).seconds.toFixed(1)} s, ${naiveRuns.at(-1).failed} failed; grantkit ${ours.at(-1).seconds.toFixed(1)} s`);
}
const m = (rs, k) => median(rs.map((r) => r[k]));
const wall = m(ours, 'seconds');
const maxDup = Math.max(...ours.map((r) => r.duplicates));
const maxFailed = Math.max(...ours.map((r) => r.failed));
const pass = wall <= floorSeconds * 1.15 && maxFailed === 0 && maxDup === 0 && ours.every((r) => r.granted === GRANTS && r.storeActive === GRANTS);
console.log(`\n## 3. Bulk provisioning: ${fmt(GRANTS)} grants on new accesses, fake limited to ${LIMIT_RPS} req/s, floor ${floorSeconds} s (2 requests per new access; 1-request floor ${GRANTS / LIMIT_RPS} s), ${RUNS} runs, median`);
const text = table(
  ['client', 'wall s (median)', 'runs s', 'x floor', 'x 1-request floor', 'requests per grant', 'failed', '429s seen', 'requests', 'grants at fake', 'duplicates'],
  [
    ['Grantkit.grant (rps 490, 200 in flight)', wall.toFixed(1), ours.map((r) => r.seconds.toFixed(1)).join(', '), (wall / floorSeconds).toFixed(3), (wall / (GRANTS / LIMIT_RPS)).toFixed(3), (m(ours, 'requests') / GRANTS).toFixed(2), m(ours, 'failed'), m(ours, 'rateLimited'), fmt(m(ours, 'requests')), fmt(m(ours, 'granted')), maxDup],
    ['naive Promise.all(fetch)', m(naiveRuns, 'seconds').toFixed(1), naiveRuns.map((r) => r.seconds.toFixed(1)).join(', '), '-', '-', '1.00', fmt(m(naiveRuns, 'failed')), fmt(m(naiveRuns, 'rateLimited')), fmt(GRANTS), fmt(m(naiveRuns, 'granted')), Math.max(...naiveRuns.map((r) => r.duplicates))],
  ],
);
console.log(`target: wall <= ${(floorSeconds * 1.15).toFixed(1)} s, zero failures, zero duplicates: ${pass ? 'PASS' : 'FAIL'}${ours.some((r) => r.firstError) ? ` (first error: ${ours.find((r) => r.firstError).firstError})` : ''}`);
emit({ bench: 'bulk', grants: GRANTS, floorSeconds, ours, naive: naiveRuns, wall, pass, table: text });
