// Bench 1: transport overhead. SeamClient.accessGrants.get against a raw undici Pool sending the
// same GET to the same fake (in its own process), same concurrency, same pool size.
import { Pool } from 'undici';
import { SeamClient } from '@grantkit/core/seam';
import { startFakeProcess } from './lib/fake-client.mjs';
import { closedLoop, emit, fmt, median, table } from './lib/measure.mjs';

const CONCURRENCY = 32;
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const fake = await startFakeProcess('seam');
const { ids } = await fake.call('seedSeamGrants', { count: 1 });
const id = ids[0];

const ours = new SeamClient({ endpoint: fake.url, apiKey: fake.apiKey });
const pool = new Pool(fake.url, { connections: 64, pipelining: 1 });
const headers = { authorization: `Bearer ${fake.apiKey}`, accept: 'application/json' };
const path = `/access_grants/get?access_grant_id=${encodeURIComponent(id)}`;

const variants = {
  grantkit: async () => {
    const grant = await ours.accessGrants.get({ accessGrantId: id });
    if (grant.access_grant_id !== id) throw new Error('wrong grant');
  },
  'raw undici': async () => {
    const res = await pool.request({ path, method: 'GET', headers });
    const body = await res.body.json();
    if (res.statusCode !== 200 || body.access_grant.access_grant_id !== id) throw new Error(`status ${res.statusCode}`);
  },
};

const samples = { grantkit: [], 'raw undici': [] };
for (const op of Object.values(variants)) await closedLoop({ concurrency: CONCURRENCY, durationMs: 1000, op }); // warm-up
for (let run = 0; run < RUNS; run++) {
  // Alternate the order so drift on a shared machine hits both sides alike.
  const order = run % 2 ? ['raw undici', 'grantkit'] : ['grantkit', 'raw undici'];
  for (const name of order) {
    await fake.call('clearLog');
    const r = await closedLoop({ concurrency: CONCURRENCY, durationMs: RUN_MS, op: variants[name] });
    if (r.errors) throw new Error(`${name}: ${r.errors} errors, first: ${r.firstError}`);
    samples[name].push(r);
  }
}
await ours.close();
await pool.close();
await fake.close();

const summary = Object.fromEntries(
  Object.entries(samples).map(([name, rs]) => [name, { rps: median(rs.map((r) => r.rps)), cpuUsPerOp: median(rs.map((r) => r.cpuUsPerOp)), runs: rs.map((r) => Math.round(r.rps)) }]),
);
const ratio = summary.grantkit.rps / summary['raw undici'].rps;
const cpuRatio = summary.grantkit.cpuUsPerOp / summary['raw undici'].cpuUsPerOp;
console.log(`\n## 1. Transport overhead: seam access_grants.get, concurrency ${CONCURRENCY}, ${RUNS} runs x ${RUN_MS} ms, median`);
const text = table(
  ['client', 'req/s (median)', 'runs', 'client CPU µs/req'],
  Object.entries(summary).map(([name, s]) => [name, fmt(s.rps), s.runs.join(', '), fmt(s.cpuUsPerOp)]),
);
console.log(`ratio grantkit/raw throughput: ${ratio.toFixed(3)} (target >= 0.90) ${ratio >= 0.9 ? 'PASS' : 'FAIL'}; CPU per request ${cpuRatio.toFixed(2)}x raw`);
emit({ bench: 'transport', concurrency: CONCURRENCY, summary, ratio, cpuRatio, pass: ratio >= 0.9, table: text });
