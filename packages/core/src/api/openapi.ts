/**
 * The OpenAPI 3.1 document of the grants API, generated from the route table and the very zod
 * schemas that validate requests (zod 4 `toJSONSchema`), so the document cannot disagree with
 * the server. Requests are described as zod accepts them (`io: 'input'`: an Atomicwork id may be a
 * number or a string), responses as they are sent (`io: 'output'`).
 */
import { z } from 'zod';
import { grantRequestSchema, revokeGrantSchema, updateGrantSchema } from '../domain/request.js';
import { COMMON_ERROR_STATUSES, type GrantsRoute } from './routes.js';
import { grantEventSchema, grantSchema, problemSchema, providerCapabilitiesSchema } from './schemas.js';

export interface OpenApiOptions {
  /** The routes to describe (the Express router and NestJS controller pass GRANTS_ROUTES). */
  routes: readonly GrantsRoute[];
  /** Where the API is mounted, e.g. `/api`. Default: no `servers` entry (paths are relative to the document). */
  serverUrl?: string | undefined;
  /** `info.title`. Default "grantkit grants API". */
  title?: string | undefined;
  /** `info.version`. Default "1". */
  version?: string | undefined;
}

type JsonSchema = Record<string, unknown>;
const REF = (id: string) => `#/components/schemas/${id}`;
const PROBLEM_RESPONSE_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown field, bad query or header; `errors` names each field',
  401: 'Not authenticated',
  403: 'Not allowed',
  404: 'No such grant',
  409: 'Conflict: an Idempotency-Key reused with a different body, or a grant in a state that forbids the change',
  413: 'Body over the size limit',
  415: 'Body is not JSON',
  429: 'Rate limited by the provider; see Retry-After',
  500: 'Unexpected error (nothing about it is revealed)',
  502: 'The provider failed or could not be reached',
  504: 'The provider did not answer in time',
};

/** Component names of the shared schemas; other route schemas are named after their route. */
const NAMED: Array<[z.ZodType, string]> = [
  [grantSchema, 'Grant'],
  [grantEventSchema, 'GrantEvent'],
  [providerCapabilitiesSchema, 'ProviderCapabilities'],
  [problemSchema, 'Problem'],
];
const NAMED_INPUTS: Array<[z.ZodType, string]> = [
  [grantRequestSchema, 'GrantRequest'],
  [updateGrantSchema, 'GrantUpdate'],
  [revokeGrantSchema, 'RevokeOptions'],
];

const cache = new WeakMap<readonly GrantsRoute[], Record<string, unknown>>();

/** Builds the document (cached per route table); `servers` is added per call. */
export function createOpenApiDocument(options: OpenApiOptions): Record<string, unknown> {
  let base = cache.get(options.routes);
  if (!base) {
    base = build(options.routes);
    cache.set(options.routes, base);
  }
  const doc: Record<string, unknown> = { ...base, info: { title: options.title ?? 'grantkit grants API', version: options.version ?? '1' } };
  if (options.serverUrl) doc.servers = [{ url: options.serverUrl }];
  return doc;
}

function build(routes: readonly GrantsRoute[]): Record<string, unknown> {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED) outputs.add(schema, { id });
  for (const [schema, id] of NAMED_INPUTS) inputs.add(schema, { id });
  const bodyRefs = new Map<GrantsRoute, string>();
  const responseRefs = new Map<GrantsRoute, string>();
  for (const route of routes) {
    if (route.body) bodyRefs.set(route, register(inputs, route.body.schema, `${pascal(route.id)}Body`));
    responseRefs.set(route, register(outputs, route.response.schema, `${pascal(route.id)}Response`));
  }
  const settings = { unrepresentable: 'any', uri: REF } as const;
  const schemas = {
    ...strip(z.toJSONSchema(inputs, { ...settings, io: 'input' }).schemas),
    ...strip(z.toJSONSchema(outputs, { ...settings, io: 'output' }).schemas),
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, bodyRefs.get(route), responseRefs.get(route)!);
  }
  return { openapi: '3.1.0', info: {}, paths, components: { schemas } };
}

function operation(route: GrantsRoute, bodyRef: string | undefined, responseRef: string): Record<string, unknown> {
  const parameters: unknown[] = [];
  for (const [, name] of route.path.matchAll(/:(\w+)/g)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  if (route.query) parameters.push(...objectParameters(route.query, 'query'));
  if (route.headers) parameters.push(...objectParameters(route.headers, 'header'));
  const responses: Record<string, unknown> = {
    [route.response.status]: { description: route.response.description, content: { 'application/json': { schema: { $ref: REF(responseRef) } } } },
  };
  if (route.id === 'createGrant') responses['200'] = { description: 'An Idempotency-Key replayed an earlier result', content: { 'application/json': { schema: { $ref: REF(responseRef) } } } };
  for (const status of [...COMMON_ERROR_STATUSES, ...route.errors].sort((a, b) => a - b)) {
    responses[status] = {
      description: PROBLEM_RESPONSE_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: REF('Problem') } } },
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
    };
  }
  const op: Record<string, unknown> = { operationId: route.id, summary: route.summary, 'x-grantkit-action': route.action, parameters, responses };
  if (route.body && bodyRef) {
    op.requestBody = { required: route.body.required, description: route.body.description, content: { 'application/json': { schema: { $ref: REF(bodyRef) } } } };
  }
  return op;
}

/** One parameter per property of a zod object, described as zod accepts it. */
function objectParameters(schema: z.ZodObject, location: 'query' | 'header'): unknown[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const parameter: Record<string, unknown> = {
      name: location === 'header' ? name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()) : name,
      in: location,
      required: required.has(name),
      schema: rest,
    };
    if (description) parameter.description = description;
    // Repeat a key for several values (`?status=active&status=pending`).
    if (location === 'query' && JSON.stringify(rest).includes('"type":"array"')) Object.assign(parameter, { style: 'form', explode: true });
    return parameter;
  });
}

function register(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.ZodType, fallback: string): string {
  const known = registry.get(schema)?.id;
  if (known) return known;
  registry.add(schema, { id: fallback });
  return fallback;
}

/** Component schemas carry no `$schema`/`$id`: OpenAPI 3.1's dialect applies and refs are by component. */
function strip(schemas: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
