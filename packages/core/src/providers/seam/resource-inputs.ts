/** Inputs of the access-method, user-identity, space and action-attempt calls (providers.md §3.1). */
import { z } from 'zod';
import { seamId } from '../ids.js';

// Every id field of these routes is `format: uuid` in Seam's OpenAPI (providers/ids.ts).
const id = seamId;
const ids = z.array(id);
const pageSize = z.number().int().min(1).max(500).optional();

export const listAccessMethodsInput = z.strictObject({
  accessGrantId: id.optional(),
  accessGrantKey: z.string().min(1).optional(),
  deviceId: id.optional(),
  acsEntranceId: id.optional(),
  spaceId: id.optional(),
  accessCodeId: id.optional(),
});
export type ListAccessMethodsInput = z.input<typeof listAccessMethodsInput>;

export const accessMethodRefInput = z.strictObject({ accessMethodId: id });
export const deleteAccessMethodsInput = z.union([
  z.strictObject({ accessMethodId: id }),
  z.strictObject({ accessGrantId: id }),
  z.strictObject({ reservationKey: z.string().min(1) }),
]);
export type DeleteAccessMethodsInput = z.input<typeof deleteAccessMethodsInput>;

const identityFields = {
  emailAddress: z.email().nullable().optional(),
  phoneNumber: z.string().min(1).nullable().optional(),
  fullName: z.string().min(1).nullable().optional(),
  userIdentityKey: z.string().min(1).nullable().optional(),
};
export const createUserIdentityInput = z.strictObject({ ...identityFields, acsSystemIds: ids.optional() });
export type CreateUserIdentityInput = z.input<typeof createUserIdentityInput>;
export const updateUserIdentityInput = z.strictObject({ userIdentityId: id, ...identityFields });
export type UpdateUserIdentityInput = z.input<typeof updateUserIdentityInput>;
export const userIdentityRefInput = z.union([z.strictObject({ userIdentityId: id }), z.strictObject({ userIdentityKey: z.string().min(1) })]);
export type UserIdentityRef = z.input<typeof userIdentityRefInput>;
export const listUserIdentitiesInput = z.strictObject({
  search: z.string().min(1).optional(),
  createdBefore: z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => (v instanceof Date ? v.toISOString() : v)).optional(),
  userIdentityIds: ids.optional(),
  credentialManagerAcsSystemId: id.optional(),
  limit: pageSize,
});
export type ListUserIdentitiesInput = z.input<typeof listUserIdentitiesInput>;

export const createSpaceInput = z.strictObject({
  name: z.string().min(1),
  spaceKey: z.string().min(1).optional(),
  deviceIds: ids.optional(),
  acsEntranceIds: ids.optional(),
  customerKey: z.string().min(1).optional(),
});
export type CreateSpaceInput = z.input<typeof createSpaceInput>;
export const spaceRefInput = z.union([z.strictObject({ spaceId: id }), z.strictObject({ spaceKey: z.string().min(1) })]);
export type SpaceRef = z.input<typeof spaceRefInput>;
export const updateSpaceInput = z
  .strictObject({
    spaceId: id.optional(),
    spaceKey: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    deviceIds: ids.optional(),
    acsEntranceIds: ids.optional(),
  })
  .refine((v) => v.spaceId !== undefined || v.spaceKey !== undefined, { path: ['spaceId'], message: 'give spaceId or spaceKey' });
export type UpdateSpaceInput = z.input<typeof updateSpaceInput>;
export const listSpacesInput = z.strictObject({
  search: z.string().min(1).optional(),
  spaceKey: z.string().min(1).optional(),
  parentSpaceId: id.optional(),
  customerKey: z.string().min(1).optional(),
  limit: pageSize,
});
export type ListSpacesInput = z.input<typeof listSpacesInput>;
export const spaceDevicesInput = z.strictObject({ spaceId: id, deviceIds: ids.min(1) });
export type SpaceDevicesInput = z.input<typeof spaceDevicesInput>;
export const spaceEntrancesInput = z.strictObject({ spaceId: id, acsEntranceIds: ids.min(1) });
export type SpaceEntrancesInput = z.input<typeof spaceEntrancesInput>;

export const actionAttemptRefInput = z.strictObject({ actionAttemptId: id });
export const spaceIdInput = z.strictObject({ spaceId: id });
export const userIdentityIdInput = z.strictObject({ userIdentityId: id });
