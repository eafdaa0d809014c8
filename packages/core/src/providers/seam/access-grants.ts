/**
 * `accessGrants.*` (providers.md §3.1). The create is made safe to retry with `access_grant_key`,
 * unique per workspace, because Seam has no Idempotency-Key (§3.6): every create carries a key,
 * and when its outcome is unknown the grant is read back by key before the POST is tried again.
 */
import { ConflictError, nullIfNotFound, ValidationError } from '../../errors.js';
import { runUnsafeWrite, type RetrySettings } from '../../http/unsafe-write.js';
import type { Paginator } from '../../pagination/paginator.js';
import { isDuplicateKeyError } from './errors.js';
import { deriveAccessGrantKey, randomAccessGrantKey } from './grant-key.js';
import {
  type AccessGrantRef,
  accessGrantIdInput,
  accessGrantRefInput,
  compact,
  type CreateAccessGrantInput,
  createAccessGrantInput,
  type ListAccessGrantsInput,
  listAccessGrantsInput,
  parseInput,
  type RequestAccessMethodsInput,
  requestAccessMethodsInput,
  toWireRequestedAccessMethods,
  type UpdateAccessGrantInput,
  updateAccessGrantInput,
} from './inputs.js';
import { deleteOutcome, type SeamDeleteResult } from './delete.js';
import type { SeamCallOptions, SeamTransport } from './transport.js';
import { type SeamAccessGrant, seamAccessGrantSchema } from './wire.js';

export interface CreateAccessGrantOptions extends SeamCallOptions {
  /**
   * Your idempotency key for this create. Without `accessGrantKey` in the input, the grant's
   * `access_grant_key` is derived from it (`deriveAccessGrantKey`), so repeating the create with
   * the same key returns the same grant instead of making a second one. Default: none (no
   * `access_grant_key` unless the input gives one).
   */
  idempotencyKey?: string;
}

export interface CreateAccessGrantResult {
  accessGrant: SeamAccessGrant;
  /**
   * `created`: this call's create was answered by Seam. `existing`: the grant with this
   * access_grant_key was found instead (an earlier call made it, or this call's create landed but
   * its reply was lost).
   */
  outcome: 'created' | 'existing';
}

export class SeamAccessGrants {
  readonly #transport: SeamTransport;
  readonly #retry: RetrySettings;

  constructor(transport: SeamTransport, retry: RetrySettings) {
    this.#transport = transport;
    this.#retry = retry;
  }

  async create(input: CreateAccessGrantInput, options: CreateAccessGrantOptions = {}): Promise<CreateAccessGrantResult> {
    const v = parseInput(createAccessGrantInput, input, 'accessGrants.create');
    const { idempotencyKey, signal } = options;
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0)) {
      throw new ValidationError('Invalid options to seam accessGrants.create: idempotencyKey must be a non-empty string.', [
        { path: 'idempotencyKey', message: 'must be a non-empty string' },
      ]);
    }
    // The caller's own key wins; otherwise derive one, or make one up so even this call can be read back.
    const key = v.accessGrantKey ?? (idempotencyKey ? deriveAccessGrantKey(idempotencyKey) : randomAccessGrantKey());
    const body = compact({
      user_identity_id: v.userIdentityId,
      user_identity: v.userIdentity
        ? compact({
            email_address: v.userIdentity.emailAddress,
            phone_number: v.userIdentity.phoneNumber,
            full_name: v.userIdentity.fullName,
            user_identity_key: v.userIdentity.userIdentityKey,
          })
        : undefined,
      space_ids: v.spaceIds,
      acs_entrance_ids: v.acsEntranceIds,
      device_ids: v.deviceIds,
      requested_access_methods: toWireRequestedAccessMethods(v.requestedAccessMethods),
      starts_at: v.startsAt,
      ends_at: v.endsAt,
      name: v.name,
      access_grant_key: key,
      reservation_key: v.reservationKey,
    });
    const existing = (grant: SeamAccessGrant): CreateAccessGrantResult => {
      if (v.userIdentityId !== undefined && grant.user_identity_id !== v.userIdentityId) {
        throw new ConflictError(
          `seam access_grant_key "${key}" already belongs to grant ${grant.access_grant_id} for another user identity; use a new idempotency key or accessGrantKey.`,
          { provider: 'seam' },
        );
      }
      return { accessGrant: grant, outcome: 'existing' };
    };
    const { value, outcome } = await runUnsafeWrite({
      send: () => this.#transport.item({ method: 'POST', path: '/access_grants/create', body, signal }, 'access_grant', seamAccessGrantSchema),
      lookup: () => this.readBack(key, signal),
      isRefusal: isDuplicateKeyError,
      reliability: this.#retry,
      signal,
    });
    return outcome === 'sent' ? { accessGrant: value, outcome: 'created' } : existing(value);
  }

  /** One grant by id or by access_grant_key. NotFoundError when there is none. */
  async get(ref: AccessGrantRef, options: SeamCallOptions = {}): Promise<SeamAccessGrant> {
    const v = parseInput(accessGrantRefInput, ref, 'accessGrants.get');
    const query = 'accessGrantId' in v ? { access_grant_id: v.accessGrantId } : { access_grant_key: v.accessGrantKey };
    return this.#transport.item({ method: 'GET', path: '/access_grants/get', query, signal: options.signal }, 'access_grant', seamAccessGrantSchema);
  }

  /**
   * Every grant matching the filters, page by page (`limit` = page size, 1..500, Seam's default
   * 500). Bad filters throw a ValidationError right here, before the Paginator is returned.
   */
  list(filters: ListAccessGrantsInput = {}, options: SeamCallOptions = {}): Paginator<SeamAccessGrant> {
    const v = parseInput(listAccessGrantsInput, filters, 'accessGrants.list');
    const query = compact({
      user_identity_id: v.userIdentityId,
      space_id: v.spaceId,
      acs_entrance_id: v.acsEntranceId,
      acs_system_id: v.acsSystemId,
      device_id: v.deviceId,
      access_code_id: v.accessCodeId,
      access_grant_ids: v.accessGrantIds,
      access_grant_key: v.accessGrantKey,
      reservation_key: v.reservationKey,
      customer_key: v.customerKey,
      limit: v.limit,
    });
    return this.#transport.paginate({ method: 'GET', path: '/access_grants/list', query, signal: options.signal }, 'access_grants', seamAccessGrantSchema);
  }

  /** Changes the time window and/or name. Seam answers only `{ok}`; read the grant back with get(). */
  async update(input: UpdateAccessGrantInput, options: SeamCallOptions = {}): Promise<void> {
    const v = parseInput(updateAccessGrantInput, input, 'accessGrants.update');
    const body = compact({ access_grant_id: v.accessGrantId, access_grant_key: v.accessGrantKey, starts_at: v.startsAt, ends_at: v.endsAt, name: v.name });
    await this.#transport.send({ method: 'PATCH', path: '/access_grants/update', body, signal: options.signal });
  }

  /** Deletes a grant (revokes its access methods). A grant that is already gone is a success. */
  async delete(accessGrantId: string | { accessGrantId: string }, options: SeamCallOptions = {}): Promise<SeamDeleteResult> {
    const v = parseInput(accessGrantIdInput, typeof accessGrantId === 'string' ? { accessGrantId } : accessGrantId, 'accessGrants.delete');
    const res = await this.#transport.send({
      method: 'DELETE',
      path: '/access_grants/delete',
      query: { access_grant_id: v.accessGrantId },
      signal: options.signal,
      acceptStatuses: [404],
    });
    return deleteOutcome(res, 'accessGrants.delete');
  }

  /** Adds access methods to an existing grant; returns the grant. */
  async requestAccessMethods(input: RequestAccessMethodsInput, options: SeamCallOptions = {}): Promise<SeamAccessGrant> {
    const v = parseInput(requestAccessMethodsInput, input, 'accessGrants.requestAccessMethods');
    const body = { access_grant_id: v.accessGrantId, requested_access_methods: toWireRequestedAccessMethods(v.requestedAccessMethods) };
    return this.#transport.item({ method: 'POST', path: '/access_grants/request_access_methods', body, signal: options.signal }, 'access_grant', seamAccessGrantSchema);
  }

  /**
   * The grant holding `key`, undefined when there is none, or 'unknown' when the read itself
   * failed (then the caller reports the create's own error, which says the outcome is unknown).
   */
  /** The grant with this access_grant_key, or null; other failures propagate (the outcome stays unknown). */
  private async readBack(key: string, signal: AbortSignal | undefined): Promise<SeamAccessGrant | null> {
    return nullIfNotFound(this.get({ accessGrantKey: key }, { signal }));
  }
}
