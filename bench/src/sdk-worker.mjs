// One client of bench 2 in a process of its own, so its memory peak is its own.
// Usage: node --expose-gc sdk-worker.mjs <grantkit|sdk> <fakeUrl> <apiKey> <grantId> <runs> <runMs>
import { closedLoop, emit, median, memorySampler, settle } from './lib/measure.mjs';

const [client, url, apiKey, grantId, runs, runMs] = process.argv.slice(2);
const CONCURRENCY = 32;
const LIST_LIMIT = 100;

settle();
const before = process.memoryUsage.rss();
let get;
let list;
let close = async () => undefined;
if (client === 'grantkit') {
  const { SeamClient } = await import('@grantkit/core/seam');
  const seam = new SeamClient({ endpoint: url, apiKey });
  get = async () => (await seam.accessGrants.get({ accessGrantId: grantId })).access_grant_id;
  list = async () => (await seam.accessGrants.list({ limit: LIST_LIMIT }).firstPage()).items.length;
  close = () => seam.close();
} else {
  const { SeamHttp } = await import('@seamapi/http/connect');
  const seam = SeamHttp.fromApiKey(apiKey, { endpoint: url });
  get = async () => (await seam.accessGrants.get({ access_grant_id: grantId })).access_grant_id;
  list = async () => (await seam.accessGrants.list({ limit: LIST_LIMIT })).length;
}
settle();
const loaded = process.memoryUsage.rss();
const memory = memorySampler(5);

const check = (expected) => async (fn) => {
  const value = await fn();
  if (value !== expected) throw new Error(`unexpected result ${value}`);
};
const ops = { get: () => check(grantId)(get), list: () => check(LIST_LIMIT)(list) };
const out = {};
for (const [name, op] of Object.entries(ops)) {
  await closedLoop({ concurrency: CONCURRENCY, durationMs: 1000, op }); // warm-up
  const samples = [];
  const cpu = [];
  for (let i = 0; i < Number(runs); i++) {
    const r = await closedLoop({ concurrency: CONCURRENCY, durationMs: Number(runMs), op });
    if (r.errors) throw new Error(`${client} ${name}: ${r.errors} errors, first: ${r.firstError}`);
    samples.push(r.rps);
    cpu.push(r.cpuUsPerOp);
  }
  out[name] = { rps: median(samples), runs: samples.map(Math.round), cpuUsPerOp: median(cpu) };
}
const { peakRss, peakHeap } = memory.stop();
await close();
emit({ client, ...out, rssBefore: before, rssLoaded: loaded, peakRss, peakHeap });
