// One walk of bench 4 in a fresh process: every access grant of the workspace, page by page.
// Usage: node --expose-gc list-worker.mjs <grantkit|raw> <fakeUrl> <apiKey>
import { Pool } from 'undici';
import { SeamClient } from '@grantkit/core/seam';
import { emit, memorySampler, settle } from './lib/measure.mjs';

const [variant, url, apiKey] = process.argv.slice(2);
let walk;
let close;
if (variant === 'grantkit') {
  const seam = new SeamClient({ endpoint: url, apiKey });
  walk = async () => {
    let n = 0;
    for await (const grant of seam.accessGrants.list()) if (grant.access_grant_id) n++;
    return n;
  };
  close = () => seam.close();
} else {
  // The floor: the same pages through a bare undici Pool and JSON.parse, items dropped at once.
  const pool = new Pool(url, { connections: 4 });
  walk = async () => {
    let n = 0;
    let cursor = null;
    do {
      const q = cursor ? `?page_cursor=${encodeURIComponent(cursor)}` : '';
      const res = await pool.request({ path: `/access_grants/list${q}`, method: 'GET', headers: { authorization: `Bearer ${apiKey}` } });
      const body = await res.body.json();
      for (const grant of body.access_grants) if (grant.access_grant_id) n++;
      cursor = body.pagination.has_next_page ? body.pagination.next_page_cursor : null;
    } while (cursor);
    return n;
  };
  close = () => pool.close();
}
settle();
const before = process.memoryUsage.rss();
const memory = memorySampler(2);
const t0 = performance.now();
const items = await walk();
const seconds = (performance.now() - t0) / 1000;
const { peakRss, peakHeap } = memory.stop();
await close();
emit({ variant, items, seconds, rssBefore: before, peakRss, growth: peakRss - before, peakHeap });
