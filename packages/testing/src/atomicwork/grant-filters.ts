/**
 * The filter array of `POST /iga/grants/list` (providers.md 1.1): `[{ attribute, operator,
 * values: [{ value, nested_filter? }] }]`, every filter must match. The fake implements the
 * attributes a grant client needs (status buckets, user, app, entitlement, entitlement_value,
 * granted_at, expires_at) with the set operators and IS_BETWEEN; anything else is a 400 that says
 * the fake does not support it, never a silent match-all.
 */
import { LosslessNumber } from 'lossless-json';
import { FakeHttpError, inBucket } from './state.js';
import type { FakeEntitlement, FakeGrant } from './types.js';

interface Filter {
  attribute: string;
  operator: string;
  values: string[];
}

const IN_OPERATORS = new Set(['EQUALS', 'IN', 'IS_ANY_OF', 'IS_EXACTLY']);
const NOT_IN_OPERATORS = new Set(['NOT_EQUALS', 'NOT_IN', 'IS_NOT_ANY_OF']);

function valueText(value: unknown): string {
  if (value instanceof LosslessNumber) return value.value;
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  throw new FakeHttpError(400, 'Each filter value must be { "value": <string | number | boolean> }.', 'INVALID_FILTER');
}

/** Parses and checks the body of a list call; `undefined` (no body) means no filters. */
export function parseFilters(body: unknown): Filter[] {
  if (body === undefined) return [];
  if (!Array.isArray(body)) throw new FakeHttpError(400, 'Request body must be a JSON array of filters ([] for all grants).', 'INVALID_FILTER');
  return body.map((raw, i) => {
    const f = raw as { attribute?: unknown; operator?: unknown; values?: unknown };
    if (!f || typeof f !== 'object' || typeof f.attribute !== 'string' || typeof f.operator !== 'string' || !Array.isArray(f.values)) {
      throw new FakeHttpError(400, `Filter ${i} must be { attribute, operator, values: [{ value }] }.`, 'INVALID_FILTER');
    }
    const values = f.values.map((v: unknown) => valueText((v as { value?: unknown } | null)?.value));
    return checkFilter({ attribute: f.attribute, operator: f.operator, values });
  });
}

const SET_ATTRIBUTES = new Set(['status', 'user', 'app', 'entitlement', 'entitlement_value']);
const DATE_ATTRIBUTES = new Set(['granted_at', 'expires_at']);

/** Refuses what the fake cannot evaluate up front, so an empty store answers the same as a full one. */
function checkFilter(filter: Filter): Filter {
  if (SET_ATTRIBUTES.has(filter.attribute)) {
    if (!IN_OPERATORS.has(filter.operator) && !NOT_IN_OPERATORS.has(filter.operator)) {
      throw new FakeHttpError(400, `Operator ${filter.operator} is not supported by the fake for attribute ${filter.attribute}.`, 'INVALID_FILTER');
    }
    return filter;
  }
  if (DATE_ATTRIBUTES.has(filter.attribute)) {
    between(filter, null);
    return filter;
  }
  throw new FakeHttpError(400, `Filter attribute ${filter.attribute} is not supported by the fake.`, 'INVALID_FILTER');
}

function normaliseId(text: string): string {
  return /^\d{1,19}$/.test(text) ? BigInt(text).toString() : text;
}

function setMatch(filter: Filter, actual: string | undefined, normalise: (v: string) => string = (v) => v): boolean {
  const wanted = filter.values.map(normalise);
  if (IN_OPERATORS.has(filter.operator)) return actual !== undefined && wanted.includes(actual);
  if (NOT_IN_OPERATORS.has(filter.operator)) return actual === undefined || !wanted.includes(actual);
  throw new FakeHttpError(400, `Operator ${filter.operator} is not supported by the fake for attribute ${filter.attribute}.`, 'INVALID_FILTER');
}

function between(filter: Filter, actual: string | null): boolean {
  if (filter.operator !== 'IS_BETWEEN' || filter.values.length !== 2) {
    throw new FakeHttpError(400, `${filter.attribute} takes IS_BETWEEN with exactly two ISO-8601 values.`, 'INVALID_FILTER');
  }
  const [from, to] = filter.values.map((v) => Date.parse(v));
  if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) {
    throw new FakeHttpError(400, `${filter.attribute} IS_BETWEEN values must be ISO-8601 date-times.`, 'INVALID_FILTER');
  }
  if (actual === null) return false;
  const t = Date.parse(actual);
  return t >= from && t <= to;
}

export function grantMatches(grant: FakeGrant, filters: Filter[], entitlement: (id: string) => FakeEntitlement | undefined): boolean {
  return filters.every((filter) => {
    switch (filter.attribute) {
      case 'status': {
        // Bucket values (ACTIVE = GRANTED+EXTENDED, INACTIVE = REVOKED+EXPIRED, REVOKED); providers.md 1.2.
        const hit = filter.values.some((bucket) => inBucket(grant.status, bucket));
        if (IN_OPERATORS.has(filter.operator)) return hit;
        if (NOT_IN_OPERATORS.has(filter.operator)) return !hit;
        return setMatch(filter, undefined);
      }
      case 'user':
        return setMatch(filter, grant.userId, normaliseId);
      case 'app':
        return setMatch(filter, grant.appId, normaliseId);
      case 'entitlement':
        return setMatch(filter, grant.entitlementId, normaliseId);
      case 'entitlement_value':
        return setMatch(filter, entitlement(grant.entitlementId)?.name);
      case 'granted_at':
        return between(filter, grant.grantedAt);
      case 'expires_at':
        return between(filter, grant.expiresAt);
      default:
        throw new FakeHttpError(400, `Filter attribute ${filter.attribute} is not supported by the fake.`, 'INVALID_FILTER');
    }
  });
}

/** The user ids an IN-style `user` filter allows (every filter must match, so they bound the result); undefined when none does. */
export function userFilterValues(filters: Filter[]): string[] | undefined {
  const filter = filters.find((f) => f.attribute === 'user' && IN_OPERATORS.has(f.operator));
  return filter?.values.map(normaliseId);
}
