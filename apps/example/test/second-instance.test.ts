/**
 * A second instance started while one runs (same port, same data folder) must fail on the port
 * before it does anything destructive: the running instance's demo database stays, untouched.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import { runAppExpectingExit, startApp, type RunningApp, tokenOf } from './helpers/app-process.js';

let first: RunningApp;
let token: string;
const api = (path: string, body?: unknown) =>
  fetch(`${first.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  first = await startApp();
  token = tokenOf(first);
});
afterAll(async () => {
  await first?.cleanup();
});

describe('a second instance on a port in use', () => {
  it('exits naming PORT, and leaves the running one and its database alone', async () => {
    const created = await api('/api/grants', { provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.ada }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubAdmins } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const db = join(first.dataDir, 'grantkit-demo.db');
    const before = await stat(db);

    const second = await runAppExpectingExit({ PORT: new URL(first.url).port, GRANTKIT_DATA_DIR: first.dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(/PORT \d+ is already in use/);

    const after = await stat(db);
    expect(after.ino).toBe(before.ino);
    const read = await api(`/api/grants/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { status: string }).status).toBe('active');
  });
});
