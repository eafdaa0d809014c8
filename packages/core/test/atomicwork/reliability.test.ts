import { ATOMICWORK_ROUTES, ATOMICWORK_SEED_IDS as IDS } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { isOutcomeUnknown, NetworkError, ProviderError, TimeoutError } from '../../src/index.js';
import { clientFor, failure, harness } from './helpers.js';

const { users, entitlements } = IDS;

describe('AtomicworkClient when replies are lost', () => {
  it('a create whose reply is lost leaves exactly one grant, and the client returns it', async () => {
    // The fake allows duplicate creates (its default), so a blind retry would make a second grant.
    const { client, fake } = await harness();
    fake.faults.add({ route: 'POST /api/v1/iga/grants', resetAfterProcessingRate: 1, times: 1 });
    const result = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    expect(fake.faults.counters.resets).toBe(1);
    const grants = fake.state.grantsFor(users.ada, entitlements.githubEngineering);
    expect(grants).toHaveLength(1);
    expect(result.outcome).toBe('recovered');
    expect(result.grant.id).toBe(grants[0]?.id);
    expect(result.grant.status).toBe('GRANTED');
  });

  it('a create whose body stalls (timeout) is recovered by the lookup, not repeated', async () => {
    const { client, fake } = await harness({}, { reliability: { timeoutMs: 300 } });
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, stallBodyRate: 1, times: 1 });
    const result = await client.createGrant({ userId: users.grace, entitlementId: entitlements.githubAdmins });
    expect(result.outcome).toBe('recovered');
    expect(fake.state.grantsFor(users.grace, entitlements.githubAdmins)).toHaveLength(1);
  });

  it('a create that failed with 503 before processing is looked up, then sent again once', async () => {
    const { client, fake } = await harness();
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, errorRate: 1, errorStatus: 503, times: 1 });
    const result = await client.createGrant({ userId: users.alan, entitlementId: entitlements.githubAdmins });
    expect(result.outcome).toBe('created');
    expect(fake.state.grantsFor(users.alan, entitlements.githubAdmins)).toHaveLength(1);
    const creates = fake.state.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/iga/grants');
    expect(creates).toHaveLength(1); // the injected 503 never reached the handler
    expect(fake.state.requests.some((r) => r.path === '/api/v1/iga/grants/list')).toBe(true);
  });

  it('a create that is rate limited waits for Retry-After and is sent again', async () => {
    const { client, fake } = await harness();
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, rateLimitedRate: 1, retryAfterSeconds: 0.2, times: 1 });
    const t0 = Date.now();
    const result = await client.createGrant({ userId: users.ada, entitlementId: entitlements.salesforceUser });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(result.outcome).toBe('created');
    expect(fake.state.grantsFor(users.ada, entitlements.salesforceUser)).toHaveLength(1);
  });

  it('when every attempt loses its reply the write is still found, never doubled', async () => {
    const { client, fake } = await harness({}, { reliability: { maxRetries: 3 } });
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, resetAfterProcessingRate: 1 });
    const result = await client.createGrant({ userId: users.bigId, entitlementId: entitlements.githubBigId });
    expect(result.outcome).toBe('recovered');
    expect(fake.state.grantsFor(users.bigId, entitlements.githubBigId)).toHaveLength(1);
  });

  it('when the lookup fails too, the error says the outcome is unknown', async () => {
    const { client, fake } = await harness({}, { reliability: { maxRetries: 0 } });
    fake.faults.add({ route: ATOMICWORK_ROUTES.createGrant, resetAfterProcessingRate: 1 });
    fake.faults.add({ route: ATOMICWORK_ROUTES.listGrants, errorRate: 1, errorStatus: 500 });
    const error = await failure(client.createGrant({ userId: users.ada, entitlementId: entitlements.githubAdmins }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(isOutcomeUnknown(error)).toBe(true);
    expect(fake.state.grantsFor(users.ada, entitlements.githubAdmins)).toHaveLength(1);
  });

  it('a revoke whose reply is lost is recovered from the grant state', async () => {
    const { client, fake } = await harness();
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    fake.faults.add({ route: ATOMICWORK_ROUTES.revokeGrant, resetAfterProcessingRate: 1, times: 1 });
    const result = await client.revokeGrant(grant.id, { reason: 'lost reply' });
    expect(result.outcome).toBe('recovered');
    expect(result.grant.status).toBe('REVOKED');
    expect(fake.state.history.filter((h) => h.grantId === grant.id && h.eventType === 'REVOKED')).toHaveLength(1);
  });

  it('reads are retried through resets, stalls and 5xx', async () => {
    const { client, fake } = await harness({}, { reliability: { timeoutMs: 300, maxRetries: 3 } });
    const { grant } = await client.createGrant({ userId: users.ada, entitlementId: entitlements.githubEngineering });
    // One rule at a time: every matching rule counts `times` down on the same request.
    for (const fault of [{ resetAfterProcessingRate: 1 }, { stallBodyRate: 1 }, { errorRate: 1, errorStatus: 502 }]) {
      fake.faults.add({ route: ATOMICWORK_ROUTES.listGrants, times: 1, ...fault });
      expect((await client.getGrant(grant.id)).id).toBe(grant.id);
    }
    expect(fake.faults.counters).toMatchObject({ resets: 1, stalls: 1, errors: 1 });
    fake.faults.add({ route: ATOMICWORK_ROUTES.listApps, errorRate: 1, errorStatus: 500 });
    const error = await failure(client.listApps().firstPage());
    expect(error).toBeInstanceOf(ProviderError);
  });

  it('fixed latency beyond the timeout is a TimeoutError', async () => {
    const { client, fake } = await harness({}, { reliability: { timeoutMs: 100, maxRetries: 0 } });
    fake.faults.add({ route: ATOMICWORK_ROUTES.listApps, latencyMs: 300 });
    const error = await failure(client.listApps().firstPage());
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('a server-wide rate limit (requests per second) is waited out', async () => {
    const { fake } = await harness();
    const client = clientFor(fake, { reliability: { maxRetries: 4 } });
    fake.faults.rateLimit(3, { retryAfterSeconds: 1 });
    const t0 = Date.now();
    const pages = await Promise.all(Array.from({ length: 5 }, () => client.listApps().firstPage()));
    expect(pages.every((p) => p.items.length === 3)).toBe(true);
    expect(fake.faults.counters.rateLimited).toBeGreaterThanOrEqual(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });
});
