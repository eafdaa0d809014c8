/** `userIdentities.*` (providers.md §3.1): the person an access grant is for. */
import type { Paginator } from '../../pagination/paginator.js';
import { deleteOutcome, type SeamDeleteResult } from './delete.js';
import { compact, parseInput } from './inputs.js';
import {
  type CreateUserIdentityInput,
  createUserIdentityInput,
  type ListUserIdentitiesInput,
  listUserIdentitiesInput,
  type UpdateUserIdentityInput,
  updateUserIdentityInput,
  userIdentityIdInput,
  type UserIdentityRef,
  userIdentityRefInput,
} from './resource-inputs.js';
import type { SeamCallOptions, SeamTransport } from './transport.js';
import { type SeamUserIdentity, seamUserIdentitySchema } from './wire.js';

export class SeamUserIdentities {
  readonly #transport: SeamTransport;

  constructor(transport: SeamTransport) {
    this.#transport = transport;
  }

  /** Email address, phone number and user_identity_key must be unique in the workspace (409 otherwise). */
  async create(input: CreateUserIdentityInput, options: SeamCallOptions = {}): Promise<SeamUserIdentity> {
    const v = parseInput(createUserIdentityInput, input, 'userIdentities.create');
    const body = compact({
      email_address: v.emailAddress,
      phone_number: v.phoneNumber,
      full_name: v.fullName,
      user_identity_key: v.userIdentityKey,
      acs_system_ids: v.acsSystemIds,
    });
    return this.#transport.item({ method: 'POST', path: '/user_identities/create', body, signal: options.signal }, 'user_identity', seamUserIdentitySchema);
  }

  async get(ref: UserIdentityRef, options: SeamCallOptions = {}): Promise<SeamUserIdentity> {
    const v = parseInput(userIdentityRefInput, ref, 'userIdentities.get');
    const query = 'userIdentityId' in v ? { user_identity_id: v.userIdentityId } : { user_identity_key: v.userIdentityKey };
    return this.#transport.item({ method: 'GET', path: '/user_identities/get', query, signal: options.signal }, 'user_identity', seamUserIdentitySchema);
  }

  list(filters: ListUserIdentitiesInput = {}, options: SeamCallOptions = {}): Paginator<SeamUserIdentity> {
    const v = parseInput(listUserIdentitiesInput, filters, 'userIdentities.list');
    const query = compact({
      search: v.search,
      created_before: v.createdBefore,
      user_identity_ids: v.userIdentityIds,
      credential_manager_acs_system_id: v.credentialManagerAcsSystemId,
      limit: v.limit,
    });
    return this.#transport.paginate({ method: 'GET', path: '/user_identities/list', query, signal: options.signal }, 'user_identities', seamUserIdentitySchema);
  }

  /** Seam answers only `{ok}`; read the identity back with get(). */
  async update(input: UpdateUserIdentityInput, options: SeamCallOptions = {}): Promise<void> {
    const v = parseInput(updateUserIdentityInput, input, 'userIdentities.update');
    const body = compact({
      user_identity_id: v.userIdentityId,
      email_address: v.emailAddress,
      phone_number: v.phoneNumber,
      full_name: v.fullName,
      user_identity_key: v.userIdentityKey,
    });
    await this.#transport.send({ method: 'PATCH', path: '/user_identities/update', body, signal: options.signal });
  }

  async delete(ref: string | { userIdentityId: string }, options: SeamCallOptions = {}): Promise<SeamDeleteResult> {
    const { userIdentityId } = parseInput(userIdentityIdInput, typeof ref === 'string' ? { userIdentityId: ref } : ref, 'userIdentities.delete');
    const res = await this.#transport.send({
      method: 'DELETE',
      path: '/user_identities/delete',
      query: { user_identity_id: userIdentityId },
      signal: options.signal,
      acceptStatuses: [404],
    });
    return deleteOutcome(res, 'userIdentities.delete');
  }
}
