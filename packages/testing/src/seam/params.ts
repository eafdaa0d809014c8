/**
 * Reads a request's parameters the way Seam accepts them (providers.md §3.1): a JSON body for
 * POST/PATCH/PUT, query parameters for GET/DELETE (arrays as repeated keys, an empty value as null,
 * as @seamapi/url-search-params-serializer writes them), and collects per-field errors.
 */
import { readJson, type FakeRequest } from '../server/fake-server.js';
import { invalidInput, SeamFakeError } from './errors.js';

const NUMERIC = new Set(['limit']);

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

  ids(name: string, opts: { required?: boolean; min?: number } = {}): string[] | undefined {
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

  /** Records an issue on `name` (for checks that need several fields). */
  fail(name: string, message: string): undefined {
    this.issues.push({ path: [...this.prefix, name], message });
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
