/**
 * Method inputs, validated before any network call. Limits follow the protos: ids and role keys
 * are 1-200 characters (CreateAuthorizationRequest, AddUserGrantRequest; providers.md 2.2-2.3), and
 * ids are numeric strings (providers.md 4).
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { zitadelId } from '../ids.js';

/** ZITADEL ids are numeric strings (providers/ids.ts); nothing else can reach a path or a body. */
const Id = zitadelId;
const RoleKey = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/**
 * Neither API requires role keys (a grant without roles still admits the user to a project that
 * checks for project membership), so an empty list is allowed. The v2 proto wants them unique:
 * duplicates are dropped rather than sent.
 */
const RoleKeys = z.array(RoleKey).max(200, 'at most 200 role keys').transform((keys) => [...new Set(keys)]);

export const AddGrantInput = z.object({
  userId: Id,
  projectId: Id,
  projectGrantId: Id.optional(),
  organizationId: Id.optional(),
  roleKeys: RoleKeys,
});
export type AddGrantInput = z.input<typeof AddGrantInput>;
export type AddGrantParams = z.output<typeof AddGrantInput>;

export const GrantRef = z.object({
  /** Required on v1 (it is part of every v1 path); ignored on v2. */
  userId: Id.optional(),
  grantId: Id,
  /** The org the grant belongs to, when not the client's `orgId` (v1 sends it as x-zitadel-orgid). */
  organizationId: Id.optional(),
});
export type GrantRef = z.input<typeof GrantRef>;

export const UpdateRoleKeysInput = GrantRef.extend({ roleKeys: RoleKeys });
export type UpdateRoleKeysInput = z.input<typeof UpdateRoleKeysInput>;

export const FindGrantInput = z.object({
  userId: Id,
  projectId: Id,
  projectGrantId: Id.optional(),
  organizationId: Id.optional(),
});
export type FindGrantInput = z.input<typeof FindGrantInput>;

export const ListGrantsInput = z
  .object({
    userId: Id.optional(),
    projectId: Id.optional(),
    roleKey: RoleKey.optional(),
    state: z.enum(['ACTIVE', 'INACTIVE']).optional(),
    projectGrantId: Id.optional(),
    organizationId: Id.optional(),
    /** Items per request, 1-1000 (ZITADEL's default maximum). Default 100. */
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .default({});
export type ListGrantsInput = z.input<typeof ListGrantsInput>;

export const BulkRemoveInput = z
  .array(Id)
  .min(1, 'give at least one grant id (ZITADEL rejects an empty bulk remove)')
  .max(1000, 'at most 1000 grant ids per call')
  .transform((ids) => [...new Set(ids)]);

/** zod-parses `input`; failures become a ValidationError naming every failing field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, method: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((i) => `${i.path || 'input'} ${i.message}`).join('; ');
  throw new ValidationError(`ZitadelClient.${method}: invalid input (${summary}).`, issues, { provider: 'zitadel' });
}

/** A field one API version needs that the other does not. */
export function requireField(value: string | undefined, path: string, method: string, why: string): string {
  if (value !== undefined) return value;
  throw new ValidationError(`ZitadelClient.${method}: ${path} is required ${why}.`, [{ path, message: `required ${why}` }], { provider: 'zitadel' });
}
