/** `spaces.*` (providers.md §3.1): named groups of devices and entrances a grant can point at. */
import type { Paginator } from '../../pagination/paginator.js';
import { deleteOutcome, type SeamDeleteResult } from './delete.js';
import { compact, parseInput } from './inputs.js';
import {
  type CreateSpaceInput,
  createSpaceInput,
  type ListSpacesInput,
  listSpacesInput,
  type SpaceDevicesInput,
  spaceDevicesInput,
  type SpaceEntrancesInput,
  spaceEntrancesInput,
  spaceIdInput,
  type SpaceRef,
  spaceRefInput,
  type UpdateSpaceInput,
  updateSpaceInput,
} from './resource-inputs.js';
import type { SeamCallOptions, SeamTransport } from './transport.js';
import { type SeamSpace, seamSpaceSchema } from './wire.js';

export class SeamSpaces {
  readonly #transport: SeamTransport;

  constructor(transport: SeamTransport) {
    this.#transport = transport;
  }

  async create(input: CreateSpaceInput, options: SeamCallOptions = {}): Promise<SeamSpace> {
    const v = parseInput(createSpaceInput, input, 'spaces.create');
    const body = compact({ name: v.name, space_key: v.spaceKey, device_ids: v.deviceIds, acs_entrance_ids: v.acsEntranceIds, customer_key: v.customerKey });
    return this.#transport.item({ method: 'POST', path: '/spaces/create', body, signal: options.signal }, 'space', seamSpaceSchema);
  }

  async get(ref: SpaceRef, options: SeamCallOptions = {}): Promise<SeamSpace> {
    const v = parseInput(spaceRefInput, ref, 'spaces.get');
    const query = 'spaceId' in v ? { space_id: v.spaceId } : { space_key: v.spaceKey };
    return this.#transport.item({ method: 'GET', path: '/spaces/get', query, signal: options.signal }, 'space', seamSpaceSchema);
  }

  list(filters: ListSpacesInput = {}, options: SeamCallOptions = {}): Paginator<SeamSpace> {
    const v = parseInput(listSpacesInput, filters, 'spaces.list');
    const query = compact({ search: v.search, space_key: v.spaceKey, parent_space_id: v.parentSpaceId, customer_key: v.customerKey, limit: v.limit });
    return this.#transport.paginate({ method: 'GET', path: '/spaces/list', query, signal: options.signal }, 'spaces', seamSpaceSchema);
  }

  /** Renames and/or replaces the device and entrance sets; returns the space. */
  async update(input: UpdateSpaceInput, options: SeamCallOptions = {}): Promise<SeamSpace> {
    const v = parseInput(updateSpaceInput, input, 'spaces.update');
    const body = compact({ space_id: v.spaceId, space_key: v.spaceKey, name: v.name, device_ids: v.deviceIds, acs_entrance_ids: v.acsEntranceIds });
    return this.#transport.item({ method: 'PATCH', path: '/spaces/update', body, signal: options.signal }, 'space', seamSpaceSchema);
  }

  /** The OpenAPI gives spaces/delete a DELETE with a JSON body (not query parameters), so that is what we send. */
  async delete(ref: string | { spaceId: string }, options: SeamCallOptions = {}): Promise<SeamDeleteResult> {
    const { spaceId } = parseInput(spaceIdInput, typeof ref === 'string' ? { spaceId: ref } : ref, 'spaces.delete');
    const res = await this.#transport.send({ method: 'DELETE', path: '/spaces/delete', body: { space_id: spaceId }, signal: options.signal, acceptStatuses: [404] });
    return deleteOutcome(res, 'spaces.delete');
  }

  /** PUT, so the transport may retry it: adding devices twice is harmless. */
  async addDevices(input: SpaceDevicesInput, options: SeamCallOptions = {}): Promise<void> {
    const v = parseInput(spaceDevicesInput, input, 'spaces.addDevices');
    await this.#transport.send({ method: 'PUT', path: '/spaces/add_devices', body: { space_id: v.spaceId, device_ids: v.deviceIds }, signal: options.signal });
  }

  async addAcsEntrances(input: SpaceEntrancesInput, options: SeamCallOptions = {}): Promise<void> {
    const v = parseInput(spaceEntrancesInput, input, 'spaces.addAcsEntrances');
    await this.#transport.send({
      method: 'PUT',
      path: '/spaces/add_acs_entrances',
      body: { space_id: v.spaceId, acs_entrance_ids: v.acsEntranceIds },
      signal: options.signal,
    });
  }
}
