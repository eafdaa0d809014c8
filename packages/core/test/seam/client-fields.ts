/**
 * Which SeamClient input field goes to which request field of which route, for every route the
 * client calls. The uuid tests hold each field to what the published OpenAPI says of its request
 * field, so this table is the one place a new client option must be entered.
 */
import { SEAM_FAKE_SEED as S } from '@grantkit/testing';
import type { SeamClient } from '../../src/providers/seam/index.js';

type Input = Record<string, unknown>;

export interface RouteFields {
  route: string;
  call: (client: SeamClient, input: Input) => Promise<unknown>;
  /** A valid input the field under test is added to (or replaces a field of). */
  base: Input;
  /** The field is the input's only key (the input is a union of single-key forms). */
  alone?: boolean;
  /** Client input field -> request field. */
  fields: Record<string, string>;
  /** Request fields of the route the client does not offer, with why. */
  notOffered?: Record<string, string>;
}

const grantId = '0b7cdd4e-0c32-4b7e-9b8a-1ab1d5b0d001';
const card = [{ mode: 'card' }];
const toArray = async (p: { toArray(o: { limit: number }): Promise<unknown> }) => p.toArray({ limit: 1 });

export const SEAM_ROUTE_FIELDS: RouteFields[] = [
  {
    route: '/access_grants/create',
    call: (c, i) => c.accessGrants.create(i as never),
    base: { userIdentityId: S.userIdentity.id, spaceIds: [S.spaces.building], requestedAccessMethods: card },
    fields: {
      userIdentityId: 'user_identity_id',
      spaceIds: 'space_ids',
      acsEntranceIds: 'acs_entrance_ids',
      deviceIds: 'device_ids',
      accessGrantKey: 'access_grant_key',
      reservationKey: 'reservation_key',
      name: 'name',
    },
    notOffered: {
      customization_profile_id: 'no customization profiles in grantkit yet',
      location_ids: 'deprecated (spaces replace locations)',
      location: 'deprecated (spaces replace locations)',
      space_keys: 'grantkit names spaces by id',
    },
  },
  { route: '/access_grants/get', call: (c, i) => c.accessGrants.get(i as never), base: {}, alone: true, fields: { accessGrantId: 'access_grant_id', accessGrantKey: 'access_grant_key' } },
  {
    route: '/access_grants/list',
    call: (c, i) => toArray(c.accessGrants.list(i as never)),
    base: {},
    fields: {
      userIdentityId: 'user_identity_id',
      spaceId: 'space_id',
      acsEntranceId: 'acs_entrance_id',
      acsSystemId: 'acs_system_id',
      deviceId: 'device_id',
      accessCodeId: 'access_code_id',
      accessGrantIds: 'access_grant_ids',
      accessGrantKey: 'access_grant_key',
      reservationKey: 'reservation_key',
      customerKey: 'customer_key',
    },
    notOffered: { location_id: 'deprecated (spaces replace locations)', page_cursor: 'the Paginator sends it' },
  },
  { route: '/access_grants/update', call: (c, i) => c.accessGrants.update(i as never), base: { name: 'Stay' }, fields: { accessGrantId: 'access_grant_id', accessGrantKey: 'access_grant_key', name: 'name' } },
  { route: '/access_grants/delete', call: (c, i) => c.accessGrants.delete(i as never), base: {}, alone: true, fields: { accessGrantId: 'access_grant_id' } },
  {
    route: '/access_grants/request_access_methods',
    call: (c, i) => c.accessGrants.requestAccessMethods(i as never),
    base: { accessGrantId: grantId, requestedAccessMethods: card },
    fields: { accessGrantId: 'access_grant_id' },
  },
  {
    route: '/access_methods/list',
    call: (c, i) => toArray(c.accessMethods.list(i as never)),
    base: {},
    fields: { accessGrantId: 'access_grant_id', accessGrantKey: 'access_grant_key', deviceId: 'device_id', acsEntranceId: 'acs_entrance_id', spaceId: 'space_id', accessCodeId: 'access_code_id' },
  },
  { route: '/access_methods/get', call: (c, i) => c.accessMethods.get(i as never), base: {}, alone: true, fields: { accessMethodId: 'access_method_id' } },
  {
    route: '/access_methods/delete',
    call: (c, i) => c.accessMethods.delete(i as never),
    base: {},
    alone: true,
    fields: { accessMethodId: 'access_method_id', accessGrantId: 'access_grant_id', reservationKey: 'reservation_key' },
  },
  {
    route: '/user_identities/create',
    call: (c, i) => c.userIdentities.create(i as never),
    base: { fullName: 'Ada Guest' },
    fields: { acsSystemIds: 'acs_system_ids', userIdentityKey: 'user_identity_key', fullName: 'full_name', phoneNumber: 'phone_number', emailAddress: 'email_address' },
  },
  { route: '/user_identities/get', call: (c, i) => c.userIdentities.get(i as never), base: {}, alone: true, fields: { userIdentityId: 'user_identity_id', userIdentityKey: 'user_identity_key' } },
  {
    route: '/user_identities/list',
    call: (c, i) => toArray(c.userIdentities.list(i as never)),
    base: {},
    fields: { userIdentityIds: 'user_identity_ids', credentialManagerAcsSystemId: 'credential_manager_acs_system_id', search: 'search', createdBefore: 'created_before' },
    notOffered: { page_cursor: 'the Paginator sends it' },
  },
  {
    route: '/user_identities/update',
    call: (c, i) => c.userIdentities.update(i as never),
    base: { userIdentityId: S.userIdentity.id, fullName: 'Jane D.' },
    fields: { userIdentityId: 'user_identity_id', userIdentityKey: 'user_identity_key', fullName: 'full_name', phoneNumber: 'phone_number', emailAddress: 'email_address' },
  },
  { route: '/user_identities/delete', call: (c, i) => c.userIdentities.delete(i as never), base: {}, alone: true, fields: { userIdentityId: 'user_identity_id' } },
  {
    route: '/spaces/create',
    call: (c, i) => c.spaces.create(i as never),
    base: { name: 'Suite' },
    fields: { name: 'name', spaceKey: 'space_key', deviceIds: 'device_ids', acsEntranceIds: 'acs_entrance_ids', customerKey: 'customer_key' },
    notOffered: { connected_account_ids: 'grantkit does not manage connected accounts', customer_data: 'not offered yet' },
  },
  { route: '/spaces/get', call: (c, i) => c.spaces.get(i as never), base: {}, alone: true, fields: { spaceId: 'space_id', spaceKey: 'space_key' } },
  {
    route: '/spaces/list',
    call: (c, i) => toArray(c.spaces.list(i as never)),
    base: {},
    fields: { search: 'search', spaceKey: 'space_key', parentSpaceId: 'parent_space_id', customerKey: 'customer_key' },
    notOffered: { connected_account_id: 'grantkit does not manage connected accounts', parent_space_key: 'spaces are named by id', page_cursor: 'the Paginator sends it' },
  },
  {
    route: '/spaces/update',
    call: (c, i) => c.spaces.update(i as never),
    base: { spaceId: S.spaces.building, name: 'Building' },
    fields: { spaceId: 'space_id', spaceKey: 'space_key', name: 'name', deviceIds: 'device_ids', acsEntranceIds: 'acs_entrance_ids' },
    notOffered: { parent_space_id: 'space nesting is not offered yet', parent_space_key: 'space nesting is not offered yet', customer_data: 'not offered yet' },
  },
  { route: '/spaces/delete', call: (c, i) => c.spaces.delete(i as never), base: {}, alone: true, fields: { spaceId: 'space_id' } },
  {
    route: '/spaces/add_devices',
    call: (c, i) => c.spaces.addDevices(i as never),
    base: { spaceId: S.spaces.building, deviceIds: [S.devices.frontDoor] },
    fields: { spaceId: 'space_id', deviceIds: 'device_ids' },
  },
  {
    route: '/spaces/add_acs_entrances',
    call: (c, i) => c.spaces.addAcsEntrances(i as never),
    base: { spaceId: S.spaces.building, acsEntranceIds: [S.acsEntrances.lobby] },
    fields: { spaceId: 'space_id', acsEntranceIds: 'acs_entrance_ids' },
  },
  { route: '/action_attempts/get', call: (c, i) => c.actionAttempts.get(i as never), base: {}, alone: true, fields: { actionAttemptId: 'action_attempt_id' } },
];

/** The input with `field` set to `value` (alone, or on top of the route's base). */
export function inputWith(route: RouteFields, field: string, value: unknown): Input {
  return route.alone ? { [field]: value } : { ...route.base, [field]: value };
}

/** Runs a call, turning a synchronous throw (Paginator methods validate at once) into a rejection. */
export async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
}
