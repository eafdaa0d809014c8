/**
 * No id can reach Seam unless it is a uuid: Seam's ids travel in query strings and bodies (no
 * path), and for every client field that holds one, every hostile id is a ValidationError naming
 * the field, with nothing sent. The root README's example (`spaceIds: ['room-101']`) went out
 * unchecked before this rule.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { HOSTILE_IDS } from '../helpers/hostile-ids.js';
import { inputWith, outcome, SEAM_ROUTE_FIELDS } from './client-fields.js';
import { seamSetup } from './helpers.js';

const ID_FIELD = /Ids?$/;

describe('SeamClient: ids are uuids or nothing is sent', () => {
  for (const route of SEAM_ROUTE_FIELDS) {
    const idFields = Object.keys(route.fields).filter((f) => ID_FIELD.test(f));
    if (idFields.length === 0) continue;
    it(`${route.route}: ${idFields.join(', ')}`, async () => {
      const { client, fake } = await seamSetup();
      for (const field of idFields) {
        for (const id of [...HOSTILE_IDS, 'room-101']) {
          const error = await outcome(() => route.call(client, inputWith(route, field, field.endsWith('Ids') ? [id] : id)));
          expect(error, `${field}=${JSON.stringify(id)}`).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues.map((i) => i.path.split('.')[0]), `${field}=${JSON.stringify(id)}`).toContain(field);
        }
      }
      expect(fake.received).toEqual([]);
    });
  }
});
