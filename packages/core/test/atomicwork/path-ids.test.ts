/**
 * No id can change an Atomicwork route: every id that goes into a path (or into the list query) is
 * held to the int64 alphabet and refused with a ValidationError naming the field before any
 * request; a good id reaches exactly the intended route. The fake logs the raw request target.
 */
import { ATOMICWORK_SEED_IDS as IDS } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import type { AtomicworkClient } from '../../src/providers/atomicwork/index.js';
import { HOSTILE_IDS } from '../helpers/hostile-ids.js';
import { harness } from './helpers.js';

type Call = (client: AtomicworkClient, id: string) => Promise<unknown>;

/** Every client method that puts a grant id into a path (or the `ids` query), with the route it must reach. */
const PATH_CALLS: Array<{ name: string; call: Call; route: (id: string) => string }> = [
  { name: 'updateGrant', call: (c, id) => c.updateGrant(id, { status: 'EXTENDED' }), route: (id) => `PUT /api/v1/iga/grants/${id}` },
  { name: 'revokeGrant', call: (c, id) => c.revokeGrant(id), route: (id) => `POST /api/v1/iga/grants/${id}/revoke` },
  { name: 'grantHistory', call: (c, id) => c.grantHistory(id).toArray({ limit: 10 }), route: (id) => `GET /api/v1/iga/grants/${id}/history?page=1&per_page=25` },
  { name: 'getGrant', call: (c, id) => c.getGrant(id), route: (id) => `POST /api/v1/iga/grants/list?page=1&per_page=1&ids=${id}` },
  { name: 'waitForRevocation', call: (c, id) => c.waitForRevocation(id, { timeoutMs: 50 }), route: (id) => `POST /api/v1/iga/grants/list?page=1&per_page=1&ids=${id}` },
];

/** Calls that take ids in the body or query only: they must refuse the same ids. */
const OTHER_CALLS: Array<{ name: string; call: Call }> = [
  { name: 'createGrant userId', call: (c, id) => c.createGrant({ userId: id, entitlementId: IDS.entitlements.githubEngineering }) },
  { name: 'ensureGrant entitlementId', call: (c, id) => c.ensureGrant({ userId: IDS.users.ada, entitlementId: id }) },
  { name: 'findActiveGrant userId', call: (c, id) => c.findActiveGrant({ userId: id, entitlementId: IDS.entitlements.githubEngineering }) },
  { name: 'listGrants grantIds', call: (c, id) => c.listGrants({ grantIds: [id] }).toArray({ limit: 1 }) },
  { name: 'listEntitlements appId', call: (c, id) => c.listEntitlements({ appId: id }).toArray({ limit: 1 }) },
];

/** Runs a call, turning a synchronous throw (Paginator methods validate at once) into a rejection. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('AtomicworkClient: no id can change the route', () => {
  for (const { name, call } of [...PATH_CALLS, ...OTHER_CALLS]) {
    it(`${name}: every hostile id is a ValidationError naming the field, and nothing is sent`, async () => {
      const { client, fake } = await harness();
      for (const id of HOSTILE_IDS) {
        const error = await outcome(() => call(client, id));
        expect(error, JSON.stringify(id)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.length, JSON.stringify(id)).toBeGreaterThan(0);
        expect((error as ValidationError).issues[0]?.message).toMatch(/id/);
      }
      expect(fake.received).toEqual([]);
    });
  }

  for (const { name, call, route } of PATH_CALLS) {
    it(`${name}: a good id reaches exactly the intended route`, async () => {
      const { client, fake } = await harness();
      const { grant } = fake.state.createGrant({ userId: IDS.users.ada, entitlementId: IDS.entitlements.githubEngineering });
      await outcome(() => call(client, grant.id));
      expect(fake.received.map((r) => `${r.method} ${r.url}`)).toContain(route(grant.id));
      // No request of the call went anywhere but the grant's own routes or the list.
      expect(fake.received.every((r) => r.url.startsWith(`/api/v1/iga/grants/${grant.id}`) || r.url.startsWith('/api/v1/iga/grants/list?'))).toBe(true);
    });
  }
});
