/**
 * `createDoorAccess`: a guest's door access for a stay, from booking to checkout, on Seam access
 * grants. One stay = one access grant whose `reservation_key` is the booking's key; a retry of the
 * same request returns the first stay, any other request for that booking is a 409
 * (fingerprint.ts). Seam has no Idempotency-Key (providers.md §3.6), so without a Grantkit the
 * grant's `access_grant_key` derives from the request and the booking's grants are read first.
 */
import { ConfigError, ConflictError, type Grant, type Grantkit, isIdempotencyConflict, NotFoundError, Paginator, parseOrThrow, TERMINAL_STATUSES } from '@grantkit/core';
import { SeamClient, seamStatus, type SeamAccessGrant, type SeamClientConfig } from '@grantkit/core/seam';
import { accessGrantIdsOf, type SeamEvent } from '../webhook/events.js';
import { findGuestByEmail, resolveGuest } from './guest.js';
import {
  extendInput,
  grantStayInput,
  type GrantStay,
  type GrantStayInput,
  listStaysInput,
  type ListStaysInput,
  moveInput,
  stayKey,
  type StayRef,
  waitOptions,
} from './inputs.js';
import { reservationTaken, stayAccessGrantKey, stayFingerprint, stayReason } from './fingerprint.js';
import { describeRef, grantIdOf, isStayGrant, isStayRecord, recordOf, reservationGrants, type Resolved, resolveStay, stayRecord } from './resolve.js';
import { type Stay, toStay } from './stay.js';
import { waitForIssued } from './wait.js';

export { stayKey };

export interface DoorAccessOptions {
  /** A SeamClient, or its config (`{ apiKey }`; the client is then closed by `close()`). Required. */
  seam: SeamClient | SeamClientConfig;
  /** When given, every stay is recorded as a grant in it (list, audit, HTTP API). Default: none. */
  grantkit?: Grantkit;
  /** Time between polls of `waitForIssued`, in ms. Default 500. */
  pollIntervalMs?: number;
}

export interface GrantStayOptions {
  /** Poll until every access method is issued (or fails, a StayIssueError). Default: return at once, `pending`. */
  waitForIssued?: { timeoutMs: number; intervalMs?: number };
  /** Aborts the calls to Seam (and the waiting) with an AbortError. Default: none. */
  signal?: AbortSignal;
}

export interface GrantedStay extends Stay {
  /** `existing`: this same request already made a stay, which is returned unchanged. */
  outcome: 'created' | 'existing';
}

export interface EndStayResult {
  /** The Seam access grant id of the stay; null when no stay by that reference ever existed. */
  id: string | null;
  outcome: 'ended' | 'already_ended';
}

export function createDoorAccess(options: DoorAccessOptions): DoorAccess {
  return new DoorAccess(options);
}

export class DoorAccess {
  readonly seam: SeamClient;
  readonly grantkit: Grantkit | undefined;
  private readonly pollIntervalMs: number;
  private readonly ownsClient: boolean;

  constructor(options: DoorAccessOptions) {
    if (!options || typeof options !== 'object' || !options.seam) {
      throw new ConfigError('createDoorAccess needs seam: a SeamClient or its config, e.g. createDoorAccess({ seam: { apiKey: process.env.SEAM_API_KEY } }).');
    }
    this.ownsClient = !(options.seam instanceof SeamClient);
    this.seam = options.seam instanceof SeamClient ? options.seam : new SeamClient(options.seam);
    this.grantkit = options.grantkit;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs < 10) throw new ConfigError(`pollIntervalMs must be an integer of at least 10; got ${String(options.pollIntervalMs)}.`);
    this.applyEvent = this.applyEvent.bind(this);
  }

  /**
   * Gives the guest access for the stay. The same request again (same reservationKey, guest,
   * doors, window, methods and name) returns the first stay; a different request under a
   * reservationKey already used is a ConflictError that reveals nothing of that stay. The input is
   * typed from the schema that validates it at run time (as strictly for JavaScript callers).
   */
  async grantStay(input: GrantStayInput, options: GrantStayOptions = {}): Promise<GrantedStay> {
    const v = parseOrThrow(grantStayInput, input, 'stay request');
    const wait = options.waitForIssued === undefined ? undefined : parseOrThrow(waitOptions, options.waitForIssued, 'waitForIssued option');
    const { signal } = options;
    const fingerprint = stayFingerprint(v);
    const { grant, recorded, outcome } = this.grantkit ? await this.createRecorded(this.grantkit, v, fingerprint, signal) : await this.createDirect(v, fingerprint, signal);
    if (!wait) return { ...(await this.read(grant, recorded, signal)), outcome };
    try {
      const issued = await waitForIssued(this.seam, grant.access_grant_id, { timeoutMs: wait.timeoutMs, intervalMs: wait.intervalMs ?? this.pollIntervalMs, signal });
      return { ...toStay(issued.grant, issued.methods, await this.sync(recorded)), outcome };
    } catch (error) {
      await this.sync(recorded).catch(() => undefined); // records `failed` in Grantkit; the error says more
      throw error;
    }
  }

  /** The stay now, read from Seam. NotFoundError when there is none. */
  async getStay(ref: StayRef, options: { signal?: AbortSignal } = {}): Promise<Stay> {
    const found = await resolveStay(this.seam, this.grantkit, ref, options.signal);
    if (!found) throw new NotFoundError(`No stay for ${describeRef(ref)}.`, { provider: 'seam' });
    return this.read(found.grant, found.recorded, options.signal);
  }

  /** Stays (access grants with a reservation key), filtered; a Paginator (firstPage, for await, toArray). */
  listStays(filters: ListStaysInput = {}, options: { signal?: AbortSignal } = {}): Paginator<Stay> {
    const f = parseOrThrow(listStaysInput, filters ?? {}, 'listStays filters');
    const { signal } = options;
    let userIdentityId: Promise<string | null> | undefined;
    const guestId = () => (userIdentityId ??= !f.guest ? Promise.resolve(null) : 'userIdentityId' in f.guest ? Promise.resolve(f.guest.userIdentityId) : findGuestByEmail(this.seam, f.guest.email, signal));
    return new Paginator(async (cursor) => {
      const guest = await guestId();
      if (f.guest && guest === null) return { items: [], nextCursor: null };
      const grants = this.seam.accessGrants.list({ reservationKey: f.reservationKey, userIdentityId: guest ?? undefined, spaceId: f.space, limit: 100 }, { signal });
      const page = await grants.page(cursor);
      const items = await Promise.all(page.items.filter(isStayGrant).map(async (g) => this.read(g, await recordOf(this.grantkit, g.access_grant_id), signal)));
      return { items, nextCursor: page.nextCursor };
    });
  }

  /** Moves checkout. */
  extendStay(ref: StayRef, change: { endsAt: Date | string }, options: { signal?: AbortSignal } = {}): Promise<Stay> {
    return this.changeWindow(ref, parseOrThrow(extendInput, change, 'stay change'), options.signal);
  }

  /** Moves the whole stay to a new window. */
  moveStay(ref: StayRef, window: { startsAt: Date | string; endsAt: Date | string }, options: { signal?: AbortSignal } = {}): Promise<Stay> {
    return this.changeWindow(ref, parseOrThrow(moveInput, window, 'stay change'), options.signal);
  }

  /** Takes the access away (deletes the access grant). A stay already gone is a success. */
  async endStay(ref: StayRef, options: { signal?: AbortSignal } = {}): Promise<EndStayResult> {
    const grantId = grantIdOf(this.grantkit, ref);
    if (this.grantkit && grantId) {
      // Through Grantkit even when the access grant is already gone at Seam: the record must end
      // too. Only a stay's record: any other grant id is no stay (id null), and is left alone.
      const before = await stayRecord(this.grantkit, grantId);
      if (!before) return { id: null, outcome: 'already_ended' };
      if (TERMINAL_STATUSES.includes(before.status)) return { id: before.externalId, outcome: 'already_ended' };
      return { id: (await this.grantkit.revoke(grantId, { reason: 'stay ended' })).externalId, outcome: 'ended' };
    }
    const found = await resolveStay(this.seam, this.grantkit, ref, options.signal);
    if (!found) {
      // No stay at Seam. A stay Grantkit recorded under this id has ended (its record ends too, if
      // a delete behind our back left it live); with no such record, the id never was a stay: id null.
      const id = typeof ref === 'string' ? ref : 'id' in ref ? ref.id : undefined;
      const recorded = id === undefined ? null : await recordOf(this.grantkit, id);
      if (!recorded || !isStayRecord(recorded)) return { id: null, outcome: 'already_ended' };
      if (!TERMINAL_STATUSES.includes(recorded.status)) await this.grantkit!.revoke(recorded.id, { reason: 'stay ended' });
      return { id: recorded.externalId, outcome: 'already_ended' };
    }
    const id = found.grant.access_grant_id;
    if (this.grantkit && found.recorded) {
      if (TERMINAL_STATUSES.includes(found.recorded.status)) return { id, outcome: 'already_ended' };
      await this.grantkit.revoke(found.recorded.id, { reason: 'stay ended' });
      return { id, outcome: 'ended' };
    }
    const result = await this.seam.accessGrants.delete(id, { signal: options.signal });
    return { id, outcome: result.outcome === 'deleted' ? 'ended' : 'already_ended' };
  }

  /**
   * Brings the Grantkit grants an event is about up to date, by re-reading them at Seam (the core
   * Seam adapter maps status; e.g. access granted to all doors -> active, deleted -> revoked, a
   * lost door -> its warning in details). Without a Grantkit there is nothing to update: stays are
   * always read live. Bound, so it can be passed as `onEvent` directly.
   */
  async applyEvent(event: SeamEvent): Promise<Grant[]> {
    if (!this.grantkit) return [];
    const updated: Grant[] = [];
    for (const externalId of accessGrantIdsOf(event)) {
      const grants = await this.grantkit.list({ provider: 'seam', externalId }).toArray({ limit: 20 });
      for (const g of grants) updated.push(await this.grantkit.refresh(g.id));
    }
    return updated;
  }

  /** Closes the Seam client when this DoorAccess created it from a config. */
  async close(): Promise<void> {
    if (this.ownsClient) await this.seam.close();
  }

  private async createDirect(v: GrantStay, fingerprint: string, signal?: AbortSignal): Promise<Resolved & { outcome: GrantedStay['outcome'] }> {
    const accessGrantKey = stayAccessGrantKey(fingerprint);
    // Before any write (no guest identity made for a request that is refused).
    const taken = await reservationGrants(this.seam, v.reservationKey, signal);
    const existing = taken.find((g) => g.access_grant_key === accessGrantKey);
    if (existing) return { grant: existing, recorded: null, outcome: 'existing' };
    if (taken.some(isLive)) throw reservationTaken(v.reservationKey);
    const userIdentityId = await resolveGuest(this.seam, v.guest, v.reservationKey, signal);
    const { accessGrant, outcome } = await this.seam.accessGrants.create(
      {
        userIdentityId,
        spaceIds: v.spaces,
        acsEntranceIds: v.entrances,
        deviceIds: v.devices,
        requestedAccessMethods: v.methods.map((mode) => ({ mode })),
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        name: v.name ?? `Stay ${v.reservationKey}`,
        accessGrantKey,
        reservationKey: v.reservationKey,
      },
      { signal },
    );
    return { grant: accessGrant, recorded: null, outcome };
  }

  private async createRecorded(grantkit: Grantkit, v: GrantStay, fingerprint: string, signal?: AbortSignal): Promise<Resolved & { outcome: GrantedStay['outcome'] }> {
    const reason = stayReason(v.reservationKey, fingerprint);
    // Refuse another request early, before a guest identity is made for it; Grantkit's own
    // idempotency check below stays the authority (it also sees stays whose access grant is gone).
    for (const g of (await reservationGrants(this.seam, v.reservationKey, signal)).filter(isLive)) {
      if ((await recordOf(grantkit, g.access_grant_id))?.reason !== reason) throw reservationTaken(v.reservationKey);
    }
    const userIdentityId = await resolveGuest(this.seam, v.guest, v.reservationKey, signal);
    const idempotencyKey = stayKey(v.reservationKey);
    const result = await grantkit
      .grant(
        {
          provider: 'seam',
          subject: { userIdentityId },
          target: { spaceIds: v.spaces, acsEntranceIds: v.entrances, deviceIds: v.devices },
          accessMethods: v.methods,
          window: { startsAt: v.startsAt, endsAt: v.endsAt },
          reservationKey: v.reservationKey,
          // Part of what Grantkit compares under the key: the whole stay request, guest name included.
          reason,
        },
        { idempotencyKey, signal },
      )
      .catch((error: unknown) => Promise.reject(isIdempotencyConflict(error, idempotencyKey) ? reservationTaken(v.reservationKey) : error));
    const { grant } = result;
    if (TERMINAL_STATUSES.includes(grant.status)) {
      // A late retry of a booking after checkout must not open the doors again.
      throw new ConflictError(`The stay of reservation ${v.reservationKey} has ended (${grant.status}); book again under a new reservation key.`, { provider: 'seam' });
    }
    if (!grant.externalId) {
      throw new ConflictError(`Reservation ${v.reservationKey} is recorded as Grantkit grant ${grant.id} (${grant.status}) with no Seam access grant; see its history.`, { provider: 'seam' });
    }
    const outcome = result.replayed || result.outcome === 'existing' ? 'existing' : 'created';
    return { grant: await this.seam.accessGrants.get({ accessGrantId: grant.externalId }, { signal }), recorded: grant, outcome };
  }

  private async changeWindow(ref: StayRef, change: { startsAt?: string; endsAt: string }, signal?: AbortSignal): Promise<Stay> {
    const found = await resolveStay(this.seam, this.grantkit, ref, signal);
    if (!found) throw new NotFoundError(`No stay for ${describeRef(ref)}.`, { provider: 'seam' });
    if (this.grantkit && found.recorded) {
      const recorded = await this.grantkit.update(found.recorded.id, change);
      return this.read(await this.seam.accessGrants.get({ accessGrantId: found.grant.access_grant_id }, { signal }), recorded, signal);
    }
    await this.seam.accessGrants.update({ accessGrantId: found.grant.access_grant_id, ...change }, { signal });
    return this.getStay({ id: found.grant.access_grant_id }, { signal });
  }

  private async read(grant: SeamAccessGrant, recorded: Grant | null, signal?: AbortSignal): Promise<Stay> {
    const methods = await this.seam.accessMethods.list({ accessGrantId: grant.access_grant_id }, { signal }).toArray({ limit: 100 });
    return toStay(grant, methods, recorded);
  }

  /** Re-reads the Grantkit grant at Seam so its status follows (active, failed). */
  private async sync(recorded: Grant | null): Promise<Grant | null> {
    return recorded && this.grantkit ? this.grantkit.refresh(recorded.id) : recorded;
  }
}

/** Not on its way out: an access grant Seam is deleting (`being_deleted`) no longer holds the reservation. */
function isLive(grant: SeamAccessGrant): boolean {
  return seamStatus(grant, []) !== 'revoked';
}
