/**
 * Input schemas of the AtomicworkClient methods (our camelCase words). Every input is checked
 * here before any request is sent, and a failure is a ValidationError whose issues name the field.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { jsonInt } from '../../http/json.js';
import { atomicworkId } from '../ids.js';

/** A positive int64 id as a decimal string (the rule lives in providers/ids.ts). */
export const idString = atomicworkId;

const signal = z.instanceof(AbortSignal).optional();
const perPage = z.number().int().min(1).max(100).optional(); // per_page max 100 (providers.md 1.1)
const dateTime = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => (v instanceof Date ? v.toISOString() : v));

export const createGrantInput = z
  .strictObject({
    userId: idString,
    entitlementId: idString,
    policyId: idString.optional(),
    policyKey: z.string().min(1).optional(),
    grantedBy: idString.optional(),
    grantedAt: dateTime.optional(),
    signal,
  })
  .refine((v) => !(v.policyId && v.policyKey), { message: 'pass policyId or policyKey, not both', path: ['policyKey'] });

export const grantKeyInput = z.strictObject({ userId: idString, entitlementId: idString, signal });

export const FILTER_OPERATORS = [
  'EQUALS', 'NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS', 'IN', 'NOT_IN', 'GREATER_THAN', 'LESS_THAN',
  'GREATER_THAN_EQUALS', 'LESS_THAN_EQUALS', 'IS_BETWEEN', 'IS_NULL', 'IS_NOT_NULL', 'STARTS_WITH',
  'ENDS_WITH', 'TEXT_CONTAINS', 'TEXT_DOES_NOT_CONTAINS', 'IS_ANY_OF', 'IS_NOT_ANY_OF', 'IS_EXACTLY',
  'IS_ON_OR_BEFORE', 'IS_ON_OR_AFTER', 'IS_WITHIN',
] as const;

export const GRANT_SORT_ORDERS = [
  'CREATED_AT_ASC', 'CREATED_AT_DESC', 'UPDATED_AT_ASC', 'UPDATED_AT_DESC', 'NAME_ASC', 'NAME_DESC',
  'PUBLISHED_DESC', 'UNPUBLISHED_DESC', 'EXPIRES_AT_ASC', 'EXPIRES_AT_DESC', 'GRANTED_AT_ASC', 'GRANTED_AT_DESC',
] as const;

/** One filter of `POST /iga/grants/list`; `values` are the bare values (the client wraps each as `{ value }`). */
export const grantFilter = z.strictObject({
  attribute: z.string().min(1),
  operator: z.enum(FILTER_OPERATORS),
  values: z.array(z.union([z.string(), z.number().refine(Number.isSafeInteger, 'numbers must be safe integers; pass ids as strings'), z.boolean()])),
});

export const listGrantsInput = z.strictObject({
  filters: z.array(grantFilter).optional(),
  userIds: z.array(idString).optional(),
  entitlementIds: z.array(idString).optional(),
  appIds: z.array(idString).optional(),
  grantIds: z.array(idString).max(100).optional(),
  status: z.enum(['ACTIVE', 'INACTIVE', 'REVOKED']).optional(),
  policyId: z.string().min(1).optional(),
  searchKey: z.string().optional(),
  sortOrder: z.enum(GRANT_SORT_ORDERS).optional(),
  perPage,
  signal,
});

export const updateGrantInput = z
  .strictObject({
    status: z.enum(['GRANTED', 'EXPIRED', 'EXTENDED', 'REVOKED']).optional(),
    policyId: idString.optional(),
    policyKey: z.string().min(1).optional(),
    grantedBy: idString.optional(),
    grantedAt: dateTime.optional(),
    signal,
  })
  .refine((v) => !(v.policyId && v.policyKey), { message: 'pass policyId or policyKey, not both', path: ['policyKey'] })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== 'signal' && x !== undefined), { message: 'pass at least one field to change', path: [] });

export const revokeGrantInput = z.strictObject({
  reason: z.string().max(4000).optional(),
  /** Run the full deprovisioning workflow (skip_deprovisioning=false). Default false. */
  deprovision: z.boolean().optional(),
  signal,
});

export const historyInput = z.strictObject({
  sortOrder: z.enum(['CREATED_AT_ASC', 'CREATED_AT_DESC', 'UPDATED_AT_ASC', 'UPDATED_AT_DESC']).optional(),
  perPage,
  signal,
});

export const listAppsInput = z.strictObject({ searchKey: z.string().optional(), perPage, signal });

export const listEntitlementsInput = z.strictObject({
  appId: idString.optional(),
  /** The list endpoint filters GROUP and ROLE only (providers.md 1.2). */
  type: z.enum(['GROUP', 'ROLE']).optional(),
  status: z.enum(['DRAFT', 'PUBLISHED']).optional(),
  searchKey: z.string().optional(),
  perPage,
  signal,
});

export const waitInput = z.strictObject({
  timeoutMs: z.number().int().min(1).optional(),
  intervalMs: z.number().int().min(1).optional(),
  signal,
});

/** Parses `value` or throws a ValidationError naming every failing field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.code === 'unrecognized_keys' ? `unknown option(s) ${i.keys.join(', ')} (options are camelCase, e.g. userId)` : i.message,
  }));
  const summary = issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ');
  throw new ValidationError(`atomicwork ${what}: ${summary}.`, issues, { provider: 'atomicwork' });
}

/** Checks a positional id argument the same way. */
export function parseId(value: unknown, field: string, what: string): string {
  return parseInput(z.object({ [field]: idString }), { [field]: value }, what)[field] as string;
}

/**
 * The filter array of `POST /iga/grants/list`: `[{ attribute, operator, values: [{ value }] }]`
 * (providers.md 1.1). Ids go out as bare int64 numbers (ASSUMPTION: "numeric user IDs").
 */
export function grantFilters(v: z.output<typeof listGrantsInput>): Array<{ attribute: string; operator: string; values: Array<{ value: unknown }> }> {
  const filters: Array<{ attribute: string; operator: string; values: Array<{ value: unknown }> }> = [];
  const anyOf = (attribute: string, values: string[] | undefined) => {
    if (values?.length) filters.push({ attribute, operator: 'IS_ANY_OF', values: values.map((id) => ({ value: jsonInt(id) })) });
  };
  anyOf('user', v.userIds);
  anyOf('entitlement', v.entitlementIds);
  anyOf('app', v.appIds);
  if (v.status) filters.push({ attribute: 'status', operator: 'IS_ANY_OF', values: [{ value: v.status }] });
  for (const f of v.filters ?? []) {
    const idAttribute = f.attribute === 'user' || f.attribute === 'app' || f.attribute === 'entitlement';
    const values = f.values.map((x) => ({ value: idAttribute && typeof x === 'string' && /^\d{1,19}$/.test(x) ? jsonInt(x) : x }));
    filters.push({ attribute: f.attribute, operator: f.operator, values });
  }
  return filters;
}
