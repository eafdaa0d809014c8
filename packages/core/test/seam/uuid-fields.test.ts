/**
 * Seam types its ids `format: uuid` in the OpenAPI it publishes (@seamapi/types). This test reads
 * that, route by route, so the client's id rule cannot drift from the spec: every client field
 * whose request field is `format: uuid` (or an array of them) refuses a non-uuid with a
 * ValidationError naming the field before any request, and accepts any uuid; every other string
 * field accepts a value that is not a uuid. A uuid field the spec adds must be offered or listed
 * as not offered in client-fields.ts.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { isSeamId, SEAM_ID_PATTERN } from '../../src/providers/seam/index.js';
import { inputWith, outcome, SEAM_ROUTE_FIELDS } from './client-fields.js';
import { seamSetup } from './helpers.js';
import { propertySchemas, requestSchema } from './openapi.js';

type Json = Record<string, unknown>;

function isUuid(schema: Json): boolean {
  return schema.format === 'uuid' || (schema.type === 'array' && (schema.items as Json | undefined)?.format === 'uuid');
}

/** A client-side refusal of `field` (the fake's answers carry a providerCode; ours do not). */
function refusedHere(error: unknown, field: string): boolean {
  return error instanceof ValidationError && error.providerCode === undefined && error.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`));
}

const NOT_A_UUID = 'room-101';
const SOME_UUID = '3f0e6b9c-2d4a-4e1f-9b7c-5a6d8e0f1a2b';

describe('Seam id fields follow the published OpenAPI (format: uuid)', () => {
  it('the pattern is the JSON Schema uuid format: it admits Seam doc ids that are not RFC 9562 UUIDs', () => {
    expect(SEAM_ID_PATTERN.test('5f4e3d2c-1b0a-9f8e-7d6c-5b4a3c2d1e0f')).toBe(true);
    expect(SEAM_ID_PATTERN.test('6BA7B811-9DAD-11D1-80B4-00C04FD430C8')).toBe(true);
    for (const bad of [NOT_A_UUID, '5f4e3d2c1b0a9f8e7d6c5b4a3c2d1e0f', 'urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8', '6ba7b811-9dad-11d1-80b4-00c04fd430c8 ', 'g ba7b811-9dad-11d1-80b4-00c04fd430c8']) {
      expect(SEAM_ID_PATTERN.test(bad), bad).toBe(false);
    }
    // Exported for callers that take either a Seam id or a key (e.g. a stay by grant id or reservation key).
    expect([isSeamId('7f8e9d0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a'), isSeamId('R-1001'), isSeamId(42)]).toEqual([true, false, false]);
  });

  for (const route of SEAM_ROUTE_FIELDS) {
    it(`${route.route}: every uuid field is checked, no other field is`, async () => {
      const spec = propertySchemas(requestSchema(route.route));
      const specUuid = Object.keys(spec).filter((name) => isUuid(spec[name]!));
      const offered = new Set(Object.values(route.fields));
      // Every uuid field of the spec is accounted for; every field we send exists in the spec.
      expect(specUuid.filter((name) => !offered.has(name) && !(name in (route.notOffered ?? {})))).toEqual([]);
      expect([...offered].filter((name) => !(name in spec))).toEqual([]);

      const { client, fake } = await seamSetup();
      for (const [field, wire] of Object.entries(route.fields)) {
        const schema = spec[wire]!;
        const array = schema.type === 'array';
        if (isUuid(schema)) {
          const refused = await outcome(() => route.call(client, inputWith(route, field, array ? [NOT_A_UUID] : NOT_A_UUID)));
          expect(refusedHere(refused, field), `${field} refuses "${NOT_A_UUID}" before sending: ${String(refused)}`).toBe(true);
          const accepted = await outcome(() => route.call(client, inputWith(route, field, array ? [SOME_UUID] : SOME_UUID)));
          expect(refusedHere(accepted, field), `${field} accepts any uuid: ${String(accepted)}`).toBe(false);
        } else if (schema.type === 'string' && schema.format === undefined) {
          const accepted = await outcome(() => route.call(client, inputWith(route, field, NOT_A_UUID)));
          expect(refusedHere(accepted, field), `${field} (not a uuid in the spec) accepts "${NOT_A_UUID}": ${String(accepted)}`).toBe(false);
        }
      }
      // The refusals sent nothing: every request that reached the fake carried only uuids in its uuid fields.
      for (const r of fake.requests) {
        const params = r.rawBody ? (JSON.parse(r.rawBody) as Json) : Object.fromEntries([...new Set(r.query.keys())].map((k) => [k, r.query.getAll(k)]));
        for (const name of specUuid) {
          const value = params[name];
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) expect(SEAM_ID_PATTERN.test(String(v)), `${r.path} ${name}=${String(v)}`).toBe(true);
        }
      }
    });
  }
});
