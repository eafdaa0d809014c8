/**
 * Validators from the OpenAPI document Seam publishes in @seamapi/types (`openapi` export of
 * `@seamapi/types/connect`, 1.977.x). That document is OpenAPI 3.0, so its schemas are turned
 * into JSON Schema for ajv first: `nullable: true` becomes a null alternative, the boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numbers, and `float` is declared as a format.
 */
import { openapi } from '@seamapi/types/connect';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsImport as unknown as { default?: typeof addFormatsImport }).default ?? addFormatsImport) as typeof addFormatsImport;

type Json = Record<string, unknown>;
const DOC_ID = 'seam-openapi';

/** OpenAPI 3.0 schema -> JSON Schema (draft 7 semantics ajv understands). */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${DOC_ID}${value}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, toJsonSchema(v)]));
    } else out[key] = toJsonSchema(value);
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = `exclusive${bound}`;
    const limit = bound.toLowerCase();
    if (out[flag] === true) {
      out[flag] = out[limit];
      delete out[limit];
    } else if (out[flag] === false) delete out[flag];
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    } else if (out.type === undefined && Object.keys(out).some((k) => ['$ref', 'oneOf', 'anyOf', 'allOf'].includes(k))) {
      return { anyOf: [{ type: 'null' }, out] };
    }
  } else if (out.nullable === false) delete out.nullable;
  return out;
}

let ajv: Ajv | undefined;
function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema({ $id: DOC_ID, components: toJsonSchema((openapi as unknown as Json).components) } as Json);
  return ajv;
}

const cache = new Map<string, ValidateFunction>();
function compile(key: string, schema: unknown): ValidateFunction {
  let fn = cache.get(key);
  if (!fn) {
    fn = instance().compile(toJsonSchema(schema) as Json);
    cache.set(key, fn);
  }
  return fn;
}

function operation(path: string): Json {
  const item = (openapi as unknown as { paths: Record<string, Json> }).paths[path];
  if (!item?.post) throw new Error(`The published OpenAPI has no POST ${path}`);
  return item.post as Json;
}

/** The JSON body schema of `path` (every Seam route documents its parameters on the POST form). */
export function requestSchema(path: string): Json {
  const body = (operation(path).requestBody as Json | undefined)?.content as Record<string, { schema: Json }> | undefined;
  return body?.['application/json']?.schema ?? { type: 'object' };
}

export function responseSchema(path: string): Json {
  const content = ((operation(path).responses as Record<string, Json>)['200']?.content ?? {}) as Record<string, { schema: Json }>;
  const schema = content['application/json']?.schema;
  if (!schema) throw new Error(`The published OpenAPI has no 200 JSON response for ${path}`);
  return schema;
}

export interface Verdict {
  valid: boolean;
  errors: string;
}

function verdict(fn: ValidateFunction, data: unknown): Verdict {
  const valid = fn(data) as boolean;
  return { valid, errors: valid ? '' : instance().errorsText(fn.errors, { separator: '\n' }) };
}

export function validateResponse(path: string, body: unknown): Verdict {
  return verdict(compile(`res ${path}`, responseSchema(path)), body);
}

export function validateRequest(path: string, params: unknown): Verdict {
  return verdict(compile(`req ${path}`, requestSchema(path)), params);
}

export function validateComponent(name: string, value: unknown): Verdict {
  return verdict(compile(`component ${name}`, { $ref: `#/components/schemas/${name}` }), value);
}

/** Every property schema a request schema names, through oneOf/allOf/anyOf branches. */
export function propertySchemas(schema: Json): Record<string, Json> {
  const out: Record<string, Json> = { ...((schema.properties as Record<string, Json> | undefined) ?? {}) };
  for (const k of ['oneOf', 'allOf', 'anyOf']) for (const branch of (schema[k] as Json[] | undefined) ?? []) Object.assign(out, propertySchemas(branch));
  return out;
}

/**
 * Rebuilds the parameter object a GET/DELETE query stands for, reading each key as the published
 * schema types it (arrays as repeated keys, numbers, an empty value as null), so the query can be
 * validated against the same schema as a JSON body.
 */
export function queryAsParams(path: string, query: URLSearchParams): Json {
  const props = propertySchemas(requestSchema(path));
  const out: Json = {};
  for (const key of new Set(query.keys())) {
    const schema = props[key] ?? {};
    const values = query.getAll(key);
    if (schema.type === 'array') out[key] = values;
    else if (values[0] === '' && schema.nullable === true) out[key] = null;
    else if (schema.type === 'number' || schema.type === 'integer') out[key] = Number(values[0]);
    else if (schema.type === 'boolean') out[key] = values[0] === 'true';
    else out[key] = values[0];
  }
  return out;
}
