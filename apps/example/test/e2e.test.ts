/**
 * End to end, over HTTP only, against the BUILT app (`node dist/main.js`) on the embedded fakes:
 * the printed curl commands, grants for all three providers, a window that expires, a revoke,
 * authentication, problem+json for bad bodies, and a graceful SIGTERM.
 */
import { execFile, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS, SEAM_FAKE_SEED, ZITADEL_SEED } from '@grantkit/testing';
import { startApp, type RunningApp } from './helpers/app-process.js';
import { parseCurl, replay } from './helpers/curl.js';

import { IN_8_HOURS } from '../src/banner.js';
const HOUR = 3600_000;
const HAS_CURL = spawnSync('curl', ['--version']).status === 0;

let app: RunningApp;
let token: string;

beforeAll(async () => {
  app = await startApp({ GRANTKIT_SWEEP_INTERVAL_MS: '200' });
  token = /API token: (\S+)/.exec(app.output())![1]!;
});

afterAll(async () => {
  await app?.cleanup();
});

const api = (path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}) =>
  fetch(`${app.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.auth === null ? {} : { authorization: `Bearer ${init.auth ?? token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });

async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const printedCurls = () => app.output().split('\n').filter((line) => line.startsWith('curl '));

describe('the start banner', () => {
  it('prints the URL, the token, the demo ids and the curl commands, and no provider secret', () => {
    const out = app.output();
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toMatch(/^gk_demo_[0-9a-f]{48}$/);
    for (const id of [ATOMICWORK_SEED_IDS.users.ada, ATOMICWORK_SEED_IDS.entitlements.githubEngineering, ZITADEL_SEED.projectId, ZITADEL_SEED.users.alice, SEAM_FAKE_SEED.spaces.unit101]) {
      expect(out).toContain(id);
    }
    expect(out).toContain(IN_8_HOURS);
    expect(printedCurls().length).toBeGreaterThanOrEqual(3);
    expect(out).not.toContain(SEAM_FAKE_SEED.apiKey);
    expect(out).not.toMatch(/aw_fake_|whsec_|seam_/);
  });
});

describe('the printed curl commands', () => {
  it('work when replayed with the same method, headers and body', async () => {
    const endsAt = new Date(Date.now() + 8 * HOUR).toISOString();
    for (const command of printedCurls()) {
      const request = parseCurl(command.split(IN_8_HOURS).join(endsAt));
      const res = await replay(request);
      const text = await res.text();
      expect(res.status, `${command}\n-> ${text}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${command}\n-> ${text}`).toBeLessThan(300);
      const body = JSON.parse(text) as { provider?: string; window?: { endsAt?: string }; status?: string };
      if (body.provider === 'zitadel') {
        expect(Math.abs(Date.parse(body.window!.endsAt!) - Date.parse(endsAt))).toBeLessThan(1000);
        expect(body.status).toBe('active');
      }
    }
  });
});

describe('grants over HTTP', () => {
  it('grants an Atomicwork entitlement, lists it, revokes it', async () => {
    const granted = await json<{ id: string; status: string }>(
      await api('/api/grants', {
        body: { provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.grace }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.salesforceUser } },
      }),
      201,
    );
    expect(granted.status).toBe('active');

    const list = await json<{ items: Array<{ id: string }> }>(await api('/api/grants?provider=atomicwork'), 200);
    expect(list.items.map((g) => g.id)).toContain(granted.id);

    const revoked = await json<{ status: string }>(await api(`/api/grants/${granted.id}/revoke`, { body: { reason: 'left the team' } }), 200);
    expect(['revoking', 'revoked']).toContain(revoked.status);
    await until('atomicwork revoked', async () => (await json<{ status: string }>(await api(`/api/grants/${granted.id}`), 200)).status, (s) => s === 'revoked');
  });

  it('grants ZITADEL roles for 8 hours', async () => {
    const endsAt = new Date(Date.now() + 8 * HOUR).toISOString();
    const granted = await json<{ id: string; status: string; window: { endsAt: string } }>(
      await api('/api/grants', {
        body: { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.bob }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['oncall'] }, window: { endsAt } },
      }),
      201,
    );
    expect(granted.status).toBe('active');
    expect(Date.parse(granted.window.endsAt)).toBe(Date.parse(endsAt));
  });

  it('expires a grant whose window ends (the scheduler sweeps every 200 ms here)', async () => {
    const endsAt = new Date(Date.now() + 1500).toISOString();
    const granted = await json<{ id: string; status: string }>(
      await api('/api/grants', {
        body: { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.carol, orgId: ZITADEL_SEED.partnerOrgId }, target: { projectId: ZITADEL_SEED.projectId, projectGrantId: ZITADEL_SEED.projectGrantId, roleKeys: ['viewer'] }, window: { endsAt } },
      }),
      201,
    );
    expect(granted.status).toBe('active');
    await until('zitadel expired', async () => (await json<{ status: string }>(await api(`/api/grants/${granted.id}`), 200)).status, (s) => s === 'expired');
    const expired = await json<{ items: Array<{ id: string }> }>(await api('/api/grants?status=expired'), 200);
    expect(expired.items.map((g) => g.id)).toContain(granted.id);
  });
});

describe('authentication and errors', () => {
  it('answers 401 problem+json without the token or with a wrong one, and leaves /healthz open', async () => {
    for (const auth of [null, 'not-the-token-at-all']) {
      const res = await api('/api/grants', { auth });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(((await res.json()) as { code: string }).code).toBe('unauthorized');
    }
    const post = await api('/api/grants', { auth: null, body: { provider: 'seam' } });
    expect(post.status).toBe(401);
    const health = await json<{ status: string }>(await fetch(`${app.url}/healthz`), 200);
    expect(health.status).toBe('ok');
  });

  it('answers 400 problem+json naming the fields of a bad body', async () => {
    const res = await api('/api/grants', { body: { provider: 'zitadel', subject: { userId: ZITADEL_SEED.users.alice }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: [] } } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(problem.code).toBe('validation_error');
    expect(problem.errors.map((e) => e.path)).toContain('target.roleKeys');

    const malformed = await api('/api/grants', { body: '{"provider":' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the printed curl commands in a real shell', () => {
  // Without curl on the machine, the fetch replay above still covers the same requests.
  it.skipIf(!HAS_CURL)('run as printed with bash and curl', async () => {
    const run = promisify(execFile);
    for (const command of printedCurls()) {
      // node must be on PATH for the 8-hour expression, as it is where `pnpm start` runs.
      const { stdout } = await run('bash', ['-c', `${command} -w '\\n%{http_code}'`], { env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } });
      const status = Number(stdout.trim().split('\n').pop());
      expect(status, `${command}\n-> ${stdout}`).toBeGreaterThanOrEqual(200);
      expect(status, `${command}\n-> ${stdout}`).toBeLessThan(300);
    }
  });
});

describe('shutdown', () => {
  it('stops on SIGTERM: the scheduler stops, the store closes, exit code 0', async () => {
    const code = await app.stop('SIGTERM');
    expect(code).toBe(0);
    expect(app.output()).toContain('SIGTERM received');
    expect(app.output()).toContain('Stopped.');
  });
});
