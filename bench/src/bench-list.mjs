// Bench 4: `for await` over 100,000 Seam access grants (200 pages of 500) through SeamClient;
// the peak RSS growth of the walking process must stay under 64 MB. Baseline: the same walk with a
// bare undici Pool. Each walk runs in a fresh process; the fake runs in another.
import { fileURLToPath } from 'node:url';
import { startFakeProcess } from './lib/fake-client.mjs';
import { emit, fmt, MB, median, runWorker, table } from './lib/measure.mjs';

const worker = fileURLToPath(new URL('./list-worker.mjs', import.meta.url));
const GRANTS = Number(process.env.BENCH_LIST_GRANTS ?? 100_000);
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 3);
const LIMIT_MB = 64;

const fake = await startFakeProcess('seam');
await fake.call('seedSeamGrants', { count: GRANTS });
await runWorker(worker, ['raw', fake.url, fake.apiKey]); // warm-up of the fake
const results = { grantkit: [], raw: [] };
for (let run = 0; run < RUNS; run++) {
  for (const variant of run % 2 ? ['raw', 'grantkit'] : ['grantkit', 'raw']) {
    await fake.call('clearLog');
    const r = await runWorker(worker, [variant, fake.url, fake.apiKey]);
    if (r.items !== GRANTS) throw new Error(`${variant} saw ${r.items} grants, expected ${GRANTS}`);
    results[variant].push(r);
  }
}
await fake.close();
const s = (rs) => ({ growth: median(rs.map((r) => r.growth)), maxGrowth: Math.max(...rs.map((r) => r.growth)), seconds: median(rs.map((r) => r.seconds)), peakHeap: median(rs.map((r) => r.peakHeap)) });
const ours = s(results.grantkit);
const raw = s(results.raw);
const pass = ours.maxGrowth < LIMIT_MB * MB;
console.log(`\n## 4. Listing ${fmt(GRANTS)} grants with for await (Seam access_grants/list, 500 a page), ${RUNS} runs, median`);
const text = table(
  ['walker', 'peak RSS growth MB (median)', 'worst run MB', 'peak heap MB', 'seconds', 'grants/s'],
  [
    ['grantkit SeamClient for await', fmt(ours.growth / MB, 1), fmt(ours.maxGrowth / MB, 1), fmt(ours.peakHeap / MB, 1), ours.seconds.toFixed(2), fmt(GRANTS / ours.seconds)],
    ['raw undici pages', fmt(raw.growth / MB, 1), fmt(raw.maxGrowth / MB, 1), fmt(raw.peakHeap / MB, 1), raw.seconds.toFixed(2), fmt(GRANTS / raw.seconds)],
    ['ratio grantkit/raw', (ours.growth / raw.growth).toFixed(2), '', (ours.peakHeap / raw.peakHeap).toFixed(2), (ours.seconds / raw.seconds).toFixed(2), ''],
  ],
);
console.log(`target: peak RSS growth < ${LIMIT_MB} MB in every run: ${pass ? 'PASS' : 'FAIL'}`);
emit({ bench: 'list', grants: GRANTS, ours, raw, pass, table: text });
