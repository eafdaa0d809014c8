/** `accessMethods.*` and `actionAttempts.get` (providers.md §3.1). */
import type { Paginator } from '../../pagination/paginator.js';
import { deleteOutcome, type SeamDeleteResult } from './delete.js';
import { compact, parseInput } from './inputs.js';
import {
  accessMethodRefInput,
  actionAttemptRefInput,
  type DeleteAccessMethodsInput,
  deleteAccessMethodsInput,
  type ListAccessMethodsInput,
  listAccessMethodsInput,
} from './resource-inputs.js';
import type { SeamCallOptions, SeamTransport } from './transport.js';
import { type SeamAccessMethod, seamAccessMethodSchema, type SeamActionAttempt, seamActionAttemptSchema } from './wire.js';

export class SeamAccessMethods {
  readonly #transport: SeamTransport;

  constructor(transport: SeamTransport) {
    this.#transport = transport;
  }

  /** Access methods matching the filters. Seam does not paginate this list: one page. */
  list(filters: ListAccessMethodsInput, options: SeamCallOptions = {}): Paginator<SeamAccessMethod> {
    const v = parseInput(listAccessMethodsInput, filters, 'accessMethods.list');
    const query = compact({
      access_grant_id: v.accessGrantId,
      access_grant_key: v.accessGrantKey,
      device_id: v.deviceId,
      acs_entrance_id: v.acsEntranceId,
      space_id: v.spaceId,
      access_code_id: v.accessCodeId,
    });
    return this.#transport.single({ method: 'GET', path: '/access_methods/list', query, signal: options.signal }, 'access_methods', seamAccessMethodSchema);
  }

  async get(ref: { accessMethodId: string }, options: SeamCallOptions = {}): Promise<SeamAccessMethod> {
    const v = parseInput(accessMethodRefInput, ref, 'accessMethods.get');
    return this.#transport.item(
      { method: 'GET', path: '/access_methods/get', query: { access_method_id: v.accessMethodId }, signal: options.signal },
      'access_method',
      seamAccessMethodSchema,
    );
  }

  /** Deletes one access method, or all of a grant's or a reservation's. Already gone is a success. */
  async delete(ref: DeleteAccessMethodsInput, options: SeamCallOptions = {}): Promise<SeamDeleteResult> {
    const v = parseInput(deleteAccessMethodsInput, ref, 'accessMethods.delete');
    const query =
      'accessMethodId' in v ? { access_method_id: v.accessMethodId } : 'accessGrantId' in v ? { access_grant_id: v.accessGrantId } : { reservation_key: v.reservationKey };
    const res = await this.#transport.send({ method: 'DELETE', path: '/access_methods/delete', query, signal: options.signal, acceptStatuses: [404] });
    return deleteOutcome(res, 'accessMethods.delete');
  }
}

export class SeamActionAttempts {
  readonly #transport: SeamTransport;

  constructor(transport: SeamTransport) {
    this.#transport = transport;
  }

  async get(ref: { actionAttemptId: string }, options: SeamCallOptions = {}): Promise<SeamActionAttempt> {
    const v = parseInput(actionAttemptRefInput, ref, 'actionAttempts.get');
    return this.#transport.item(
      { method: 'GET', path: '/action_attempts/get', query: { action_attempt_id: v.actionAttemptId }, signal: options.signal },
      'action_attempt',
      seamActionAttemptSchema,
    );
  }
}
