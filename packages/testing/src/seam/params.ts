/**
 * Reads a request's parameters the way Seam accepts them (providers.md §3.1): a JSON body for
 * POST/PATCH/PUT, query parameters for GET/DELETE (arrays as repeated keys, an empty value as null,
 * as @seamapi/url-search-params-serializer writes them), and collects per-field errors.
 */
import { readJson, type FakeRequest } from '../server/fake-server.js';
import { invalidInput, SeamFakeError } from './errors.js';

const NUMERIC = new Set(['limit']);
/** JSON Schema `format: uuid` as ajv-formats checks it: 8-4-4-4-12 hex digits, any version. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestParams(req: FakeRequest): Record<string, unknown> {
  let body: unknown;
  try {
    body = readJson(req);
  } catch {
    throw new SeamFakeError(400, 'invalid_input', 'Request body is not valid JSON');
  }
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new SeamFakeError(400, 'invalid_input', 'Request body must be a JSON object');
  }
  const params: Record<string, unknown> = {};
  for (const key of new Set(req.query.keys())) {
    const values = req.query.getAll(key);
    if (key.endsWith('_ids') || key.endsWith('[]')) params[key.replace(/\[\]$/, '')] = values.filter((v) => v !== '');
    else if (values[0] === '') params[key] = null;
    else if (NUMERIC.has(key)) params[key] = Number(values[0]);
    else params[key] = values[0];
  }
  return { ...params, ...(body as Record<string, unknown> | undefined) };
}

type Issue = { path: string[]; message: string };

/** Typed getters that record an issue instead of throwing, so one reply names every bad field. */
export class Params {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly prefix: string[] = [],
    readonly issues: Issue[] = [],
  ) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string, opts?: { required?: boolean; nullable?: false; min?: number }): string | undefined;
  string(name: string, opts: { required?: boolean; nullable: boolean; min?: number }): string | null | undefined;
  string(name: string, opts: { required?: boolean; nullable?: boolean; min?: number } = {}): string | null | undefined {
    const v = this.values[name];
    if (v === undefined) return this.missing(name, opts.required);
    if (v === null) return opts.nullable ? null : this.fail(name, 'Expected string, received null');
    if (typeof v !== 'string') return this.fail(name, `Expected string, received ${typeOf(v)}`);
    if (opts.min !== undefined && v.length < opts.min) return this.fail(name, `String must contain at least ${opts.min} character(s)`);
    return v;
  }

  /**
   * A Seam id. The OpenAPI types every id parameter of the routes the fake serves `format: uuid`,
   * and Seam refuses anything else as invalid_input with zod's "Invalid uuid" on the field.
   */
  id(name: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.string(name, opts);
    if (v === undefined) return undefined;
    return UUID.test(v) ? v : this.fail(name, 'Invalid uuid');
  }

  /** An array of Seam ids; a bad element is reported at `name.<index>`, as zod's format() does. */
  ids(name: string, opts: { required?: boolean; min?: number } = {}): string[] | undefined {
    const v = this.strings(name, opts);
    if (v === undefined) return undefined;
    const bad = v.map((x, i) => (UUID.test(x) ? -1 : i)).filter((i) => i >= 0);
    for (const i of bad) this.issues.push({ path: [...this.prefix, name, String(i)], message: 'Invalid uuid' });
    return bad.length === 0 ? v : undefined;
  }

  /** An array of strings (e.g. event_types). */
  strings(name: string, opts: { required?: boolean; min?: number } = {}): string[] | undefined {
    const v = this.values[name];
    if (v === undefined) return this.missing(name, opts.required);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return this.fail(name, 'Expected array of strings');
    if (opts.min !== undefined && v.length < opts.min) return this.fail(name, `Array must contain at least ${opts.min} element(s)`);
    return v as string[];
  }

  number(name: string, opts: { min?: number; integer?: boolean } = {}): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) return this.fail(name, `Expected number, received ${typeOf(v)}`);
    if (opts.integer && !Number.isInteger(v)) return this.fail(name, 'Expected integer, received float');
    if (opts.min !== undefined && v < opts.min) return this.fail(name, `Number must be greater than or equal to ${opts.min}`);
    return v;
  }

  /** An ISO 8601 date-time; returned as the normalised ISO string. */
  dateTime(name: string, opts?: { nullable?: false }): string | undefined;
  dateTime(name: string, opts: { nullable: boolean }): string | null | undefined;
  dateTime(name: string, opts: { nullable?: boolean } = {}): string | null | undefined {
    const v = this.string(name, { nullable: opts.nullable ?? false });
    if (typeof v !== 'string') return v;
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t)) return this.fail(name, 'Invalid datetime');
    return new Date(t).toISOString();
  }

  object(name: string, opts: { required?: boolean } = {}): Params | undefined {
    const v = this.values[name];
    if (v === undefined) return this.missing(name, opts.required);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.fail(name, `Expected object, received ${typeOf(v)}`);
    return new Params(v as Record<string, unknown>, [...this.prefix, name], this.issues);
  }

  array(name: string, opts: { required?: boolean; min?: number } = {}): Params[] | undefined {
    const v = this.values[name];
    if (v === undefined) return this.missing(name, opts.required);
    if (!Array.isArray(v)) return this.fail(name, `Expected array, received ${typeOf(v)}`);
    if (opts.min !== undefined && v.length < opts.min) return this.fail(name, `Array must contain at least ${opts.min} element(s)`);
    return v.map((item, i) => {
      const p = new Params(item && typeof item === 'object' ? (item as Record<string, unknown>) : {}, [...this.prefix, name, String(i)], this.issues);
      if (!item || typeof item !== 'object') this.issues.push({ path: [...this.prefix, name, String(i)], message: 'Expected object' });
      return p;
    });
  }

  /** Records an issue on `name` (for checks that need several fields); a field read twice reports it once. */
  fail(name: string, message: string): undefined {
    const path = [...this.prefix, name];
    if (!this.issues.some((i) => i.message === message && i.path.join('.') === path.join('.'))) this.issues.push({ path, message });
    return undefined;
  }

  /** Throws 400 invalid_input naming every recorded field, if any. */
  check(): void {
    if (this.issues.length > 0) throw invalidInput(this.issues);
  }

  private missing(name: string, required: boolean | undefined): undefined {
    if (required) this.fail(name, 'Required');
    return undefined;
  }
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
