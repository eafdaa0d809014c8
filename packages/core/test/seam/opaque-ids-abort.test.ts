import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AbortError, ProviderError } from '../../src/errors.js';
import { seamAccessGrantSchema } from '../../src/providers/seam/index.js';
import { seamSetup, waitFor } from './helpers.js';

describe('Seam ids are opaque strings', () => {
  it('accepts an id from Seam’s own docs that z.uuid() rejects', async () => {
    const docId = '5f4e3d2c-1b0a-9f8e-7d6c-5b4a3c2d1e0f';
    expect(docId).toBe(S.devices.noKeypadDevice);
    expect(z.uuid().safeParse(docId).success).toBe(false);
    const { client } = await seamSetup({ issueDelayMs: 5 });
    const { accessGrant } = await client.accessGrants.create({ userIdentityId: S.userIdentity.id, deviceIds: [docId], requestedAccessMethods: [{ mode: 'code' }] });
    const failed = await waitFor(async () => {
      const g = await client.accessGrants.get({ accessGrantId: accessGrant.access_grant_id });
      return g.errors.length > 0 ? g : undefined;
    });
    expect(failed.errors[0]?.missing_device_ids).toEqual([docId]);
    expect(seamAccessGrantSchema.parse({ ...failed, access_grant_id: docId, some_new_field: 1 })).toMatchObject({ access_grant_id: docId, some_new_field: 1 });
  });
});

describe('SeamClient aborts and unreadable replies', () => {
  it('rejects with AbortError when the signal fires', async () => {
    const { client, fake } = await seamSetup();
    fake.faults.add({ route: '/spaces/list', latencyMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(client.spaces.list({}, { signal: controller.signal }).toArray({ limit: 1 })).rejects.toBeInstanceOf(AbortError);
    await expect(client.accessGrants.create({ userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: [{ mode: 'card' }] }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('a reply that does not match the wire schema is a ProviderError naming the field', async () => {
    const { client, fake } = await seamSetup();
    fake.state.spaces.get(S.spaces.building)!.name = undefined as unknown as string;
    await expect(client.spaces.get({ spaceId: S.spaces.building })).rejects.toSatisfy(
      (e: unknown) => e instanceof ProviderError && /space\.name/.test(e.message) && e.requestId !== undefined,
    );
  });
});
