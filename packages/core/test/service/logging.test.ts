import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import type { GrantkitLogger } from '../../src/index.js';
import { requests, startHarness, type Harness } from './harness.js';

const lines: Array<{ level: string; data: Record<string, unknown>; message: string }> = [];
const logger: GrantkitLogger = {
  debug: (data, message) => lines.push({ level: 'debug', data, message }),
  info: (data, message) => lines.push({ level: 'info', data, message }),
  warn: (data, message) => lines.push({ level: 'warn', data, message }),
  error: (data, message) => lines.push({ level: 'error', data, message }),
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ logger });
});
afterAll(() => h.close());

describe('logging', () => {
  it('logs every change through the logger, with ids and never a credential', async () => {
    const { grant } = await h.grantkit.grant(requests.atomicwork(ATOMICWORK_SEED_IDS.users.grace, ATOMICWORK_SEED_IDS.entitlements.salesforceLicense));
    await h.grantkit.grant(requests.zitadel());
    await h.grantkit.grant(requests.seam('log@example.com'));
    // A failing call and a failing sweep item log too.
    h.atomicwork.faults.add({ route: /\/revoke$/, errorRate: 1, errorStatus: 401, times: 1 });
    await h.grantkit.revoke(grant.id).catch(() => undefined);
    expect(lines.some((l) => l.data.grantId === grant.id && l.message === 'grant created')).toBe(true);
    expect(lines.some((l) => l.data.grantId === grant.id && l.data.outcome === 'failure')).toBe(true);
    const text = JSON.stringify(lines);
    for (const secret of [h.atomicwork.apiKey, h.zitadel.pat, h.seam.apiKey]) expect(text).not.toContain(secret);
  });

  it('console fits the logger interface', () => {
    const fits: GrantkitLogger = console;
    expect(typeof fits.info).toBe('function');
  });
});
