import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { eventually, requests, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Seam reservation key and details through Grantkit', () => {
  it('sends reservationKey to Seam as reservation_key and shows it in details', async () => {
    const { grant } = await h.grantkit.grant({ ...requests.seam('booking@example.com'), reservationKey: 'booking-4711' });
    expect(h.seam.state.getAccessGrant(grant.externalId!)!.reservation_key).toBe('booking-4711');
    expect(grant.details.reservationKey).toBe('booking-4711');
  });

  it('rejects an empty reservationKey, naming the field', async () => {
    const error = await h.grantkit.grant({ ...requests.seam('empty-key@example.com'), reservationKey: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('reservationKey');
  });

  it('keeps the words and ids of Seam warnings and method states in details after refresh', async () => {
    const { grant } = await h.grantkit.grant(requests.seam('warned@example.com'));
    await eventually(async () => (await h.grantkit.refresh(grant.id)).status === 'active');
    h.seam.state.getAccessGrant(grant.externalId!)!.warnings.push({
      warning_code: 'underprovisioned_access',
      message: 'Access to Garage was lost.',
      created_at: new Date().toISOString(),
      acs_entrance_id: 'garage-entrance',
    });
    const refreshed = await h.grantkit.refresh(grant.id);
    expect(refreshed.status).toBe('active');
    expect(refreshed.details.warnings).toEqual(['underprovisioned_access']);
    expect(refreshed.details.warningDetails).toEqual([{ code: 'underprovisioned_access', message: 'Access to Garage was lost.', acsEntranceId: 'garage-entrance' }]);
    expect(refreshed.details.accessMethods).toEqual([expect.objectContaining({ mode: 'code', issued: true, warnings: [], errors: [] })]);
  });
});
