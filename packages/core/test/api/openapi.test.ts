import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createOpenApiDocument, grantRequestSchema, GRANTS_ROUTES } from '../../src/index.js';
import { requests, startHarness } from '../service/harness.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>; components: { schemas: Record<string, Record<string, unknown>> } };

describe('createOpenApiDocument', () => {
  const doc = JSON.parse(JSON.stringify(createOpenApiDocument({ routes: GRANTS_ROUTES, serverUrl: '/api' }))) as Doc;

  it('is OpenAPI 3.1 with every route of the table', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const route of GRANTS_ROUTES) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.id);
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['400', '401', '403', String(route.response.status)]));
    }
  });

  it('only refers to components that exist', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });

  /** A validator of one component of the document. */
  function component(id: string) {
    const ajv = new Ajv2020({ strict: false });
    // ajv-formats is CommonJS: its default export arrives wrapped or not depending on the loader.
    const addFormats = ((formats as unknown as { default?: typeof formats }).default ?? formats) as typeof formats;
    addFormats(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    return ajv.getSchema(`#/components/schemas/${id}`)!;
  }

  it('describes requests as the server accepts them', () => {
    const validate = component('GrantRequest');
    const good = { provider: 'atomicwork', subject: { userId: 42 }, target: { entitlementId: '9007199254740993' } };
    expect(grantRequestSchema.safeParse(good).success).toBe(true);
    expect(validate(good)).toBe(true);
    const unknownField = { ...good, extra: 1 };
    expect(grantRequestSchema.safeParse(unknownField).success).toBe(false);
    expect(validate(unknownField)).toBe(false);
  });

  it('describes grants as the service returns them: per provider, subject and target as requested', async () => {
    const validate = component('Grant');
    const h = await startHarness();
    try {
      const grants = [];
      for (const request of [requests.atomicwork(), requests.zitadel(), requests.seam()]) grants.push((await h.grantkit.grant(request)).grant);
      for (const grant of grants) expect(validate(JSON.parse(JSON.stringify(grant))), `${grant.provider}: ${JSON.stringify(validate.errors)}`).toBe(true);
      // The union is on provider: an Atomicwork grant with a ZITADEL target is no grant.
      const [atomicwork, zitadel] = grants;
      expect(validate(JSON.parse(JSON.stringify({ ...atomicwork, target: zitadel!.target })))).toBe(false);
    } finally {
      await h.close();
    }
  });
});
