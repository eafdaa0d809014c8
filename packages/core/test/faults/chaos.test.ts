/**
 * Chaos: 2,000 mixed grant / update / revoke operations through one Grantkit over the three fakes,
 * every fake injecting 10 % 5xx, 5 % 429, 2 % hangs (timeouts) and 1 % connection resets after the
 * write. Then sweep rounds (bounded) finish what was left uncertain, and every provider's state is
 * compared with the store, grant by grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATOMICWORK_SEED_IDS,
  SEAM_FAKE_SEED,
  ZITADEL_SEED,
  startAtomicworkFake,
  startSeamFake,
  startZitadelFake,
  type AtomicworkFake,
  type SeamFake,
  type ZitadelFake,
} from '@grantkit/testing';
import { createGrantkit, isGrantkitError, isOutcomeUnknown, type Grant, type Grantkit } from '../../src/index.js';
import { capturingLogger, errorTexts, expectNoSecrets, prng, seedFrom } from './support.js';

const OPERATIONS = Number(process.env.CHAOS_OPS ?? 2000);
const IN_FLIGHT = 24;
const MAX_SWEEP_ROUNDS = 30;
const DAY = 86_400_000;
const SEED = seedFrom('CHAOS_SEED', 20_251_122);

type Provider = 'atomicwork' | 'zitadel' | 'seam';
type Op = { kind: 'grant'; provider: Provider; n: number } | { kind: 'update' | 'revoke'; pick: number };
interface Outcome {
  op: Op;
  grantId?: string;
  ok: boolean;
  unknown?: boolean;
  code?: string;
}

let atomicwork: AtomicworkFake;
let zitadel: ZitadelFake;
let seam: SeamFake;
let grantkit: Grantkit;
let keyFile: string;
const logger = capturingLogger();
const texts: string[] = [];

beforeAll(async () => {
  [atomicwork, zitadel, seam] = await Promise.all([
    startAtomicworkFake({ revocationDelayMs: 5, faultSeed: SEED + 1 }),
    startZitadelFake({ faultSeed: SEED + 2 }),
    startSeamFake({ issueDelayMs: 5, faultSeed: SEED + 3 }),
  ]);
  // Fresh users for every grant, so a duplicate at a provider shows as two grants of one user.
  for (let n = 0; n < OPERATIONS; n++) {
    const id = String(500_000 + n);
    atomicwork.state.users.set(id, { id, email: `u${id}@example.com`, name: `User ${id}` });
    const zid = String(310_000_000_000_000_000n + BigInt(n));
    const alice = zitadel.state.users.get(ZITADEL_SEED.users.alice)!;
    zitadel.state.users.set(zid, { ...alice, id: zid, userName: `u${zid}@acme.fake.zitadel`, email: `u${zid}@acme.fake.zitadel`, preferredLoginName: `u${zid}@acme.fake.zitadel` });
  }
  keyFile = JSON.stringify(await zitadel.createServiceAccountKey());
  // Timeouts come from the injected hangs. The per-attempt timeout stays well above what a loaded
  // CI machine needs for an answer: a create that is only slow would otherwise land after the
  // lookup that follows its timeout, which Atomicwork (no idempotency key) cannot dedupe.
  const reliability = { timeoutMs: 1500, maxRetries: 3, baseDelayMs: 2, maxDelayMs: 20 };
  grantkit = createGrantkit({
    providers: {
      atomicwork: { baseUrl: atomicwork.url, apiKey: atomicwork.apiKey, workspaceId: atomicwork.workspaceId, reliability },
      // The key file, not the PAT: the token endpoint takes the faults too.
      zitadel: { issuer: zitadel.url, orgId: zitadel.orgId, serviceAccountKey: keyFile, reliability },
      seam: { endpoint: seam.url, apiKey: seam.apiKey, reliability },
    },
    logger,
    leaseMs: 2000,
  });
  for (const fake of [atomicwork, zitadel, seam]) {
    fake.faults.add({ errorRate: 0.1, errorStatus: 503 });
    fake.faults.add({ rateLimitedRate: 0.05, retryAfterSeconds: 1 });
    fake.faults.add({ hangRate: 0.02 });
    fake.faults.add({ resetAfterProcessingRate: 0.01 });
  }
});

afterAll(async () => {
  await grantkit?.close();
  await Promise.all([atomicwork?.close(), zitadel?.close(), seam?.close()]);
});

function requestFor(provider: Provider, n: number, endsAt: string) {
  switch (provider) {
    case 'atomicwork':
      return { provider, subject: { userId: String(500_000 + n) }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubEngineering }, window: { endsAt } };
    case 'zitadel':
      return { provider, subject: { userId: String(310_000_000_000_000_000n + BigInt(n)) }, target: { projectId: ZITADEL_SEED.projectId, roleKeys: ['viewer'] }, window: { endsAt } };
    case 'seam':
      return { provider, subject: { user: { fullName: `Guest ${n}`, email: `guest${n}@example.com` } }, target: { spaceIds: [SEAM_FAKE_SEED.spaces.unit101] }, accessMethods: ['code' as const], window: { endsAt } };
  }
}

/** The operations, decided up front from the seed: half grants, a quarter updates, a quarter revokes. */
function plan(random: () => number): Op[] {
  const providers: Provider[] = ['atomicwork', 'zitadel', 'seam'];
  return Array.from({ length: OPERATIONS }, (_, n): Op => {
    const r = random();
    if (n < IN_FLIGHT || r < 0.5) return { kind: 'grant', provider: providers[Math.floor(random() * 3)]!, n };
    return { kind: r < 0.75 ? 'update' : 'revoke', pick: random() };
  });
}

describe('chaos: 2,000 operations with 5xx, 429, timeouts and resets after the write', () => {
  it('ends with every provider agreeing with the store: nothing lost, duplicated or left active', { timeout: 120_000 }, async () => {
    const random = prng(SEED);
    const ops = plan(random);
    const granted: string[] = [];
    const outcomes: Outcome[] = [];
    const started = Date.now();
    let next = 0;
    const run = async (op: Op): Promise<Outcome> => {
      let grantId: string | undefined;
      try {
        if (op.kind === 'grant') {
          const { grant } = await grantkit.grant(requestFor(op.provider, op.n, new Date(Date.now() + 7 * DAY).toISOString()), { idempotencyKey: `chaos-${op.n}` });
          grantId = grant.id;
          granted.push(grant.id);
          texts.push(JSON.stringify(grant));
        } else {
          if (granted.length === 0) return { op, ok: true };
          grantId = granted[Math.floor(op.pick * granted.length)]!;
          const current = await grantkit.get(grantId);
          let after: Grant;
          if (op.kind === 'revoke') {
            after = await grantkit.revoke(grantId, { reason: 'chaos', deprovision: current.provider === 'atomicwork' && op.pick < 0.5 ? true : undefined });
          } else {
            const endsAt = new Date(Date.now() + 8 * DAY + Math.floor(op.pick * DAY)).toISOString();
            after = await grantkit.update(grantId, current.provider === 'zitadel' ? { endsAt, roleKeys: op.pick < 0.5 ? ['viewer', 'oncall'] : ['viewer'] } : { endsAt });
          }
          texts.push(JSON.stringify(after));
        }
        return { op, grantId, ok: true };
      } catch (error) {
        texts.push(...errorTexts(error));
        if (!isGrantkitError(error)) throw error; // anything untyped is a bug
        return { op, grantId, ok: false, unknown: isOutcomeUnknown(error), code: error.code };
      }
    };
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < ops.length) {
          outcomes.push(await run(ops[next++]!));
          if (process.env.CHAOS_DEBUG && outcomes.length % 100 === 0) console.log(outcomes.length, ((Date.now() - started) / 1000).toFixed(1), JSON.stringify(atomicwork.faults.counters));
        }
      }),
    );
    const opsSeconds = (Date.now() - started) / 1000;

    // Sweep rounds, faults still on, until no operation is left half done (bounded).
    let rounds = 0;
    for (; rounds < MAX_SWEEP_ROUNDS; rounds++) {
      const report = await grantkit.sweep(new Date(Date.now() + 3000), { batchSize: 5000, driftChecks: 0 });
      texts.push(JSON.stringify(report));
      const all = await grantkit.list({ limit: 200 }).toArray({ limit: 10_000 });
      if (report.failed.length === 0 && report.reconciled.length === 0 && !all.some((g) => g.status === 'pending' && g.externalId === null)) break;
    }
    // Deprovisioning finishes at Atomicwork after the revoke answered: re-read those grants
    // (what a sweep's drift check does, here in parallel and only for them).
    for (let round = 0; round < MAX_SWEEP_ROUNDS; round++) {
      const revoking = await grantkit.list({ status: 'revoking', limit: 200 }).toArray({ limit: 10_000 });
      if (revoking.length === 0) break;
      await Promise.all(revoking.map((g) => grantkit.refresh(g.id).catch((error: unknown) => texts.push(...errorTexts(error)))));
    }
    const counters = [atomicwork, zitadel, seam].map((f) => f.faults.counters);
    const failedOps = outcomes.filter((o) => !o.ok);
    console.log(
      `chaos: ${OPERATIONS} ops in ${opsSeconds.toFixed(1)} s, ${failedOps.length} failed (${failedOps.filter((o) => o.unknown).length} outcome unknown), ` +
        `${rounds + 1} sweep rounds; injected ${JSON.stringify(counters.reduce((a, c) => ({ errors: a.errors + c.errors, rateLimited: a.rateLimited + c.rateLimited, hangs: a.hangs + c.hangs, resets: a.resets + c.resets }), { errors: 0, rateLimited: 0, hangs: 0, resets: 0 }))}`,
    );
    expect(rounds, 'sweeps did not settle within the bound').toBeLessThan(MAX_SWEEP_ROUNDS);
    expect(counters.every((c) => c.errors > 0 && c.rateLimited > 0 && c.hangs > 0 && c.resets > 0)).toBe(true);

    const grants = await grantkit.list({ limit: 200 }).toArray({ limit: 10_000 });
    const storeById = new Map(grants.map((g) => [g.id, g]));
    // Every grant() that answered is in the store; every operation that answered left its mark.
    for (const o of outcomes) {
      if (!o.ok || !o.grantId) continue;
      const g = storeById.get(o.grantId);
      expect(g, `grant ${o.grantId} missing from the store`).toBeDefined();
      if (o.op.kind === 'revoke') expect(['revoked', 'revoking']).toContain(g!.status);
    }
    // Every operation whose outcome was unknown was finished by the sweeps: no intent is left.
    for (const g of grants) expect(g.status === 'pending' && g.externalId === null, `grant ${g.id} still has an unfinished create`).toBe(false);
    for (const g of grants) texts.push(JSON.stringify(g), ...(await grantkit.history(g.id)).map((e) => JSON.stringify(e)));

    const live = (status: string) => status === 'active' || status === 'pending' || status === 'revoking';
    const mismatches: string[] = [];
    const check = (g: Grant, liveAtProvider: boolean) => {
      if (liveAtProvider !== live(g.status)) mismatches.push(`${g.provider} ${g.id} is ${g.status} in the store but ${liveAtProvider ? 'live' : 'not live'} at the provider (${g.externalId})`);
    };
    // Atomicwork
    const awLive = [...atomicwork.state.grants.values()].filter((x) => Number(x.userId) >= 500_000 && (x.status === 'GRANTED' || x.status === 'EXTENDED'));
    const zLive = zitadel.state.grants().filter((x) => BigInt(x.userId) >= 310_000_000_000_000_000n && x.state === 'ACTIVE');
    const sLive = seam.state.listAccessGrants(SEAM_FAKE_SEED.workspaceId).filter((x) => !x.warnings.some((w) => w.warning_code === 'being_deleted'));
    const liveIds = { atomicwork: new Set(awLive.map((x) => x.id)), zitadel: new Set(zLive.map((x) => x.id)), seam: new Set(sLive.map((x) => x.access_grant_id)) };
    for (const g of grants) {
      if (g.externalId === null) {
        // Never created (failed or revoked before it was): nothing of it may exist at the provider.
        if (live(g.status)) mismatches.push(`${g.provider} ${g.id} is ${g.status} with no external id`);
        continue;
      }
      check(g, liveIds[g.provider].has(g.externalId));
      if (g.provider === 'zitadel' && live(g.status)) {
        const at = zLive.find((x) => x.id === g.externalId);
        const want = [...((g.target as { roleKeys: string[] }).roleKeys)].sort().join(',');
        if (at && [...at.roleKeys].sort().join(',') !== want) mismatches.push(`zitadel ${g.id} has roles ${at.roleKeys} at the provider, ${want} in the store`);
      }
    }
    // No untracked grant and no duplicate: every live provider grant is exactly one store grant's.
    const tracked = new Set(grants.filter((g) => live(g.status) && g.externalId).map((g) => `${g.provider}/${g.externalId}`));
    for (const [provider, ids] of Object.entries(liveIds)) for (const id of ids) if (!tracked.has(`${provider}/${id}`)) mismatches.push(`${provider} grant ${id} is live but untracked`);
    const perSubject = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);
    mismatches.push(...perSubject(awLive.map((x) => `atomicwork user ${x.userId}`)).map((k) => `duplicate: ${k}`));
    mismatches.push(...perSubject(zLive.map((x) => `zitadel user ${x.userId}`)).map((k) => `duplicate: ${k}`));
    mismatches.push(...perSubject(sLive.map((x) => `seam user ${x.user_identity_id}`)).map((k) => `duplicate: ${k}`));
    if (mismatches.length && process.env.CHAOS_DEBUG) {
      const userOf = (provider: string, id: string) =>
        provider === 'zitadel' ? zLive.find((x) => x.id === id)?.userId : provider === 'atomicwork' ? awLive.find((x) => x.id === id)?.userId : sLive.find((x) => x.access_grant_id === id)?.user_identity_id;
      for (const [provider, ids] of Object.entries(liveIds)) {
        for (const id of ids) {
          if (tracked.has(`${provider}/${id}`)) continue;
          const user = userOf(provider, id);
          const mine = grants.filter((g) => JSON.stringify(g.subject).includes(String(user)));
          for (const g of mine) console.log(JSON.stringify(g), '\n', (await grantkit.history(g.id)).map((e) => `${e.action}/${e.outcome}/${e.status}/${e.detail ?? ''}`).join('\n '));
          console.log('ops', JSON.stringify(outcomes.filter((o) => mine.some((g) => g.id === o.grantId))));
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(grants.filter((g) => live(g.status)).length).toBeGreaterThan(100);

    texts.push(...logger.lines);
    expectNoSecrets(texts, { atomicworkApiKey: atomicwork.apiKey, zitadelPat: zitadel.pat, zitadelPrivateKey: (JSON.parse(keyFile) as { key: string }).key, seamApiKey: seam.apiKey });
  });
});
