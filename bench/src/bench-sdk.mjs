// Bench 2: our SeamClient against the official @seamapi/http (1.x, the line that runs on Node 20)
// on the same Seam fake: throughput of get and list (one page of 100), and peak memory.
import { fileURLToPath } from 'node:url';
import { startFakeProcess } from './lib/fake-client.mjs';
import { emit, fmt, MB, median, runWorker, table } from './lib/measure.mjs';

const worker = fileURLToPath(new URL('./sdk-worker.mjs', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 1500);

const fake = await startFakeProcess('seam');
const { ids } = await fake.call('seedSeamGrants', { count: 100 });
const results = { grantkit: [], sdk: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? ['sdk', 'grantkit'] : ['grantkit', 'sdk'];
  for (const client of order) {
    await fake.call('clearLog');
    results[client].push(await runWorker(worker, [client, fake.url, fake.apiKey, ids[0], String(RUNS), String(RUN_MS)]));
  }
}
await fake.close();

const summarize = (rs) => ({
  get: median(rs.flatMap((r) => r.get.runs)),
  list: median(rs.flatMap((r) => r.list.runs)),
  getCpu: median(rs.map((r) => r.get.cpuUsPerOp)),
  listCpu: median(rs.map((r) => r.list.cpuUsPerOp)),
  peakRss: median(rs.map((r) => r.peakRss)),
  rssGrowth: median(rs.map((r) => r.peakRss - r.rssBefore)),
  peakHeap: median(rs.map((r) => r.peakHeap)),
});
const ours = summarize(results.grantkit);
const sdk = summarize(results.sdk);
const ratios = { get: ours.get / sdk.get, list: ours.list / sdk.list, peakRss: ours.peakRss / sdk.peakRss, peakHeap: ours.peakHeap / sdk.peakHeap };
console.log(`\n## 2. Against @seamapi/http 1.102.0: concurrency 32, ${ROUNDS * RUNS} runs x ${RUN_MS} ms per op, median; each client in its own process`);
const text = table(
  ['client', 'get req/s', 'get CPU µs/req', 'list (100/page) req/s', 'list CPU µs/req', 'peak RSS MB', 'RSS growth MB', 'peak heap MB'],
  [
    ['grantkit SeamClient', fmt(ours.get), fmt(ours.getCpu), fmt(ours.list), fmt(ours.listCpu), fmt(ours.peakRss / MB, 1), fmt(ours.rssGrowth / MB, 1), fmt(ours.peakHeap / MB, 1)],
    ['@seamapi/http', fmt(sdk.get), fmt(sdk.getCpu), fmt(sdk.list), fmt(sdk.listCpu), fmt(sdk.peakRss / MB, 1), fmt(sdk.rssGrowth / MB, 1), fmt(sdk.peakHeap / MB, 1)],
    ['ratio grantkit/sdk', ratios.get.toFixed(2), (ours.getCpu / sdk.getCpu).toFixed(2), ratios.list.toFixed(2), (ours.listCpu / sdk.listCpu).toFixed(2), ratios.peakRss.toFixed(2), (ours.rssGrowth / sdk.rssGrowth).toFixed(2), ratios.peakHeap.toFixed(2)],
  ],
);
emit({ bench: 'sdk', ours, sdk, ratios, table: text });
