/**
 * No id can change a ZITADEL route. Before this rule, `removeGrant({ userId: U, grantId: '..' })`
 * sent `DELETE /management/v1/users/U/` (delete-user) and `deactivate` sent
 * `POST /management/v1/users/U/_deactivate`, with the service user's credentials. Every id is now
 * held to ZITADEL's alphabet (numeric strings) and refused with a ValidationError naming the field
 * before any request, on v1 (ids in paths) and v2 (ids in bodies) alike.
 */
import { ZITADEL_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { createGrantkit, ValidationError } from '../../src/index.js';
import type { ZitadelClient } from '../../src/providers/zitadel/index.js';
import { HOSTILE_IDS } from '../helpers/hostile-ids.js';
import { fake, setup } from './helpers.js';

const alice = S.users.alice;
type Call = (client: ZitadelClient, id: string) => Promise<unknown>;

/** Every method, once per id field; the v1 route a good id must reach (`GRANT` = the grant's id). */
const CALLS: Array<{ name: string; field: string; call: Call; v1Route?: string }> = [
  { name: 'addGrant', field: 'userId', call: (c, id) => c.addGrant({ userId: id, projectId: S.projectId, roleKeys: ['viewer'] }), v1Route: `POST /management/v1/users/${alice}/grants` },
  { name: 'addGrant', field: 'projectId', call: (c, id) => c.addGrant({ userId: alice, projectId: id, roleKeys: ['viewer'] }) },
  { name: 'addGrant', field: 'projectGrantId', call: (c, id) => c.addGrant({ userId: alice, projectId: S.projectId, projectGrantId: id, roleKeys: ['viewer'] }) },
  { name: 'addGrant', field: 'organizationId', call: (c, id) => c.addGrant({ userId: alice, projectId: S.projectId, organizationId: id, roleKeys: ['viewer'] }) },
  { name: 'getGrant', field: 'userId', call: (c, id) => c.getGrant({ userId: id, grantId: S.projectId }) },
  { name: 'getGrant', field: 'grantId', call: (c, id) => c.getGrant({ userId: alice, grantId: id }), v1Route: `GET /management/v1/users/${alice}/grants/GRANT` },
  { name: 'updateRoleKeys', field: 'grantId', call: (c, id) => c.updateRoleKeys({ userId: alice, grantId: id, roleKeys: ['admin'] }), v1Route: `PUT /management/v1/users/${alice}/grants/GRANT` },
  { name: 'updateRoleKeys', field: 'userId', call: (c, id) => c.updateRoleKeys({ userId: id, grantId: S.projectId, roleKeys: ['admin'] }) },
  { name: 'deactivate', field: 'grantId', call: (c, id) => c.deactivate({ userId: alice, grantId: id }), v1Route: `POST /management/v1/users/${alice}/grants/GRANT/_deactivate` },
  { name: 'deactivate', field: 'userId', call: (c, id) => c.deactivate({ userId: id, grantId: S.projectId }) },
  { name: 'reactivate', field: 'grantId', call: (c, id) => c.reactivate({ userId: alice, grantId: id }), v1Route: `POST /management/v1/users/${alice}/grants/GRANT/_reactivate` },
  { name: 'removeGrant', field: 'grantId', call: (c, id) => c.removeGrant({ userId: alice, grantId: id }), v1Route: `DELETE /management/v1/users/${alice}/grants/GRANT` },
  { name: 'removeGrant', field: 'userId', call: (c, id) => c.removeGrant({ userId: id, grantId: S.projectId }) },
  { name: 'removeGrant', field: 'organizationId', call: (c, id) => c.removeGrant({ userId: alice, grantId: S.projectId, organizationId: id }) },
  { name: 'findGrant', field: 'userId', call: (c, id) => c.findGrant({ userId: id, projectId: S.projectId }) },
  { name: 'listGrants', field: 'projectId', call: (c, id) => c.listGrants({ projectId: id }).toArray({ limit: 1 }) },
  { name: 'bulkRemove', field: '0', call: (c, id) => c.bulkRemove([id]) },
];

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe.each(['v1', 'v2'] as const)('ZitadelClient on %s: no id can change the route', (api) => {
  for (const { name, field, call } of CALLS) {
    it(`${name} ${field}: every hostile id is a ValidationError naming ${field}, and nothing is sent`, async () => {
      const { client, fake: f } = await setup(api);
      for (const id of HOSTILE_IDS) {
        const error = await outcome(() => call(client, id));
        expect(error, JSON.stringify(id)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path), JSON.stringify(id)).toContain(field);
      }
      expect(f.received).toEqual([]);
    });
  }
});

describe('ZitadelClient on v1: a good id reaches exactly the intended route', () => {
  for (const { name, call, v1Route } of CALLS.filter((c) => c.v1Route)) {
    it(name, async () => {
      const { client, fake: f } = await setup('v1');
      const { grant } = await client.addGrant({ userId: alice, projectId: S.projectId, roleKeys: ['viewer'] });
      if (name === 'reactivate') await client.deactivate({ userId: alice, grantId: grant.id });
      const before = f.received.length;
      await outcome(() => call(client, name === 'addGrant' ? alice : grant.id));
      const sent = f.received.slice(before).map((r) => `${r.method} ${r.url}`);
      expect(sent).toContain(v1Route!.replace('GRANT', grant.id));
      // Whatever else the call sent (a read-back, a lookup) stayed on this user's grants or the search.
      expect(sent.every((r) => r.includes(`/management/v1/users/${alice}/grants`) || r === 'POST /management/v1/users/grants/_search')).toBe(true);
    });
  }
});

describe('through the Grantkit (the grants API path)', () => {
  it('subject.userId ".." is refused before any request instead of reaching POST /management/v1/grants', async () => {
    const f = await fake();
    const grantkit = createGrantkit({ providers: { zitadel: { issuer: f.url, orgId: f.orgId, personalAccessToken: f.pat } } });
    try {
      for (const userId of ['..', '../..', '%2e%2e']) {
        const error = await outcome(() => grantkit.grant({ provider: 'zitadel', subject: { userId }, target: { projectId: S.projectId, roleKeys: ['viewer'] } }));
        expect(error, userId).toBeInstanceOf(ValidationError);
      }
      expect(f.received).toEqual([]);
    } finally {
      await grantkit.close();
    }
  });
});
