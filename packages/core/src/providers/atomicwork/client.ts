/**
 * AtomicworkClient: every IGA call of the Atomicwork public API (providers.md 1.1) over the core
 * transport. Inputs are camelCase options; results are the provider's objects parsed by the
 * lenient schemas in `wire.ts`; every id is an exact decimal string.
 */
import type { z } from 'zod';
import { ConflictError, NotFoundError, TimeoutError, ValidationError } from '../../errors.js';
import { sleep } from '../../http/backoff.js';
import { HttpClient, type HttpRequest } from '../../http/client.js';
import { jsonInt } from '../../http/json.js';
import { pathSegment } from '../../http/path.js';
import { REDACTED, renderRedacted } from '../../http/redact.js';
import { runUnsafeWrite } from '../../http/unsafe-write.js';
import type { Paginator } from '../../pagination/paginator.js';
import { type AtomicworkClientConfig, resolveAtomicworkConfig } from './config.js';
import { mapAtomicworkError } from './errors.js';
import * as input from './inputs.js';
import { pagedList, parseWire } from './paging.js';
import { isActiveGrantStatus } from './wire.js';
import {
  appSchema,
  type AtomicworkApp,
  type AtomicworkEntitlement,
  type AtomicworkGrant,
  type AtomicworkGrantHistoryEvent,
  type AtomicworkRevocationStatus,
  entitlementSchema,
  grantSchema,
  historyEventSchema,
  revokeResponseSchema,
} from './wire.js';

/**
 * `createGrant`: `userId` and `entitlementId` (required), and optionally `policyId` or `policyKey`
 * (not both), `grantedBy` (default: the API key's owner), `grantedAt`
 * (default: now, at Atomicwork) and `signal`.
 */
export type CreateGrantOptions = z.input<typeof input.createGrantInput>;
/** A user + entitlement pair (`findActiveGrant`), with an optional `signal`. */
export type GrantKey = z.input<typeof input.grantKeyInput>;
/**
 * `listGrants` filters, all optional and combined: `userIds`, `entitlementIds`, `appIds`,
 * `grantIds` (at most 100), `status`, `policyId`, `searchKey`, raw `filters`; `sortOrder`
 * (default: Atomicwork's order); `perPage` 1..100 (default 25); `signal`.
 */
export type ListGrantsOptions = z.input<typeof input.listGrantsInput>;
/** One raw filter of `POST /iga/grants/list`: `{ attribute, operator, values }`. */
export type GrantFilter = z.input<typeof input.grantFilter>;
/**
 * `updateGrant`: at least one of `status`, `policyId` or `policyKey` (not both), `grantedBy`,
 * `grantedAt`; fields left out are not changed. `signal` optional.
 */
export type UpdateGrantOptions = z.input<typeof input.updateGrantInput>;
/** `revokeGrant`: `reason` (default none), `deprovision` (run the full deprovisioning workflow, default false), `signal`. */
export type RevokeGrantOptions = z.input<typeof input.revokeGrantInput>;
/** `grantHistory`: `sortOrder` (default: Atomicwork's order), `perPage` 1..100 (default 25), `signal`. */
export type GrantHistoryOptions = z.input<typeof input.historyInput>;
/** `listApps`: `searchKey` (default none), `perPage` 1..100 (default 25), `signal`. */
export type ListAppsOptions = z.input<typeof input.listAppsInput>;
/** `listEntitlements`: `appId`, `type` (GROUP or ROLE), `status`, `searchKey` (each default none), `perPage` 1..100 (default 25), `signal`. */
export type ListEntitlementsOptions = z.input<typeof input.listEntitlementsInput>;
/** `waitForRevocation`: `timeoutMs` (default 60000, then a TimeoutError), `intervalMs` between reads (default 1000), `signal`. */
export type WaitForRevocationOptions = z.input<typeof input.waitInput>;

export interface CreateGrantResult {
  grant: AtomicworkGrant;
  /**
   * `created`: the create call answered. `recovered`: its reply was lost and the grant was found
   * by a lookup. `already_active`: Atomicwork refused a duplicate (409) and the active grant was
   * returned instead.
   */
  outcome: 'created' | 'recovered' | 'already_active';
}

export interface RevokeGrantResult {
  grant: AtomicworkGrant;
  revocationStatus: AtomicworkRevocationStatus | null;
  /** `already_revoked`: it was inactive or being deprovisioned before this call. `recovered`: the reply was lost, the lookup shows it revoked. */
  outcome: 'revoked' | 'already_revoked' | 'recovered';
}

export class AtomicworkClient {
  // #private: the transport holds the API key, and logging the client must not print it.
  readonly #http: HttpClient;

  constructor(config: AtomicworkClientConfig) {
    const resolved = resolveAtomicworkConfig(config);
    this.#http = new HttpClient({
      baseUrl: resolved.baseUrl,
      provider: 'atomicwork',
      headers: resolved.headers,
      secrets: [config.apiKey],
      reliability: config.reliability,
      hooks: config.hooks,
      mapError: mapAtomicworkError,
    });
    const workspaceId = resolved.headers['x-workspace-id'];
    renderRedacted(this, 'AtomicworkClient', (c) => ({ provider: 'atomicwork', baseUrl: c.baseUrl, ...(workspaceId ? { workspaceId } : {}), apiKey: REDACTED }));
  }

  /** The API base this client talks to, e.g. `https://acme.atomicwork.com/api/v1`. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /**
   * `POST /iga/grants`. There is no idempotency key upstream (providers.md 1.5), so the POST is
   * never blindly repeated: when its outcome is unknown (timeout, connection lost after sending,
   * 5xx) the active grant for user + entitlement is looked up first and returned if it exists;
   * only if none exists is the create sent again. A 429 is retried after Retry-After.
   */
  async createGrant(options: CreateGrantOptions): Promise<CreateGrantResult> {
    const v = input.parseInput(input.createGrantInput, options, 'createGrant');
    const body: Record<string, unknown> = { user_id: jsonInt(v.userId), entitlement_id: jsonInt(v.entitlementId) };
    if (v.policyId) body.policy_id = jsonInt(v.policyId);
    if (v.policyKey) body.policy_key = v.policyKey;
    if (v.grantedBy) body.granted_by = jsonInt(v.grantedBy);
    if (v.grantedAt) body.granted_at = v.grantedAt;
    const key = { userId: v.userId, entitlementId: v.entitlementId, signal: v.signal };
    const send = async (): Promise<AtomicworkGrant> => {
      const reply = (await this.#http.request({ method: 'POST', path: '/iga/grants', body, signal: v.signal })).body;
      const parsed = grantSchema.safeParse(reply);
      if (parsed.success) return parsed.data;
      // Created, but the reply is not a grant we can read: find it rather than fail a done write.
      return (await this.findActiveGrant(key)) ?? parseWire(grantSchema, reply, 'createGrant');
    };
    // Whether a duplicate is refused (409) is undocumented; if it is, the access is already there.
    const { value, outcome } = await runUnsafeWrite({
      send,
      lookup: () => this.findActiveGrant(key),
      isRefusal: (error) => error instanceof ConflictError,
      reliability: this.#http.reliability,
      signal: v.signal,
    });
    return { grant: value, outcome: outcome === 'sent' ? 'created' : outcome === 'recovered' ? 'recovered' : 'already_active' };
  }

  /** The newest ACTIVE grant of a user for an entitlement, or null. */
  async findActiveGrant(key: GrantKey): Promise<AtomicworkGrant | null> {
    const v = input.parseInput(input.grantKeyInput, key, 'findActiveGrant');
    const pages = this.listGrants({ userIds: [v.userId], entitlementIds: [v.entitlementId], status: 'ACTIVE', sortOrder: 'CREATED_AT_DESC', perPage: 100, signal: v.signal });
    for await (const grant of pages) {
      // The filter encoding is undocumented in detail: check what the grant says about itself.
      const userId = grant.user?.id ?? grant.user_id;
      const entitlementId = grant.entitlement?.id ?? grant.entitlement_id;
      if (userId != null && userId !== v.userId) continue;
      if (entitlementId != null && entitlementId !== v.entitlementId) continue;
      if (isActiveGrantStatus(grant.status)) return grant;
    }
    return null;
  }

  /** Creates the grant unless the user already has an active one for the entitlement. */
  async ensureGrant(options: CreateGrantOptions): Promise<CreateGrantResult> {
    const v = input.parseInput(input.createGrantInput, options, 'ensureGrant');
    const existing = await this.findActiveGrant({ userId: v.userId, entitlementId: v.entitlementId, signal: v.signal });
    if (existing) return { grant: existing, outcome: 'already_active' };
    return this.createGrant(options);
  }

  /** `POST /iga/grants/list` with the filter array; one grant is read with `grantIds` (`ids=`). */
  listGrants(options: ListGrantsOptions = {}): Paginator<AtomicworkGrant> {
    const v = input.parseInput(input.listGrantsInput, options, 'listGrants');
    const filters = input.grantFilters(v);
    const perPage = v.perPage ?? 25;
    return pagedList(perPage, grantSchema, 'listGrants', async (position) => {
      const res = await this.#http.request({
        method: 'POST',
        path: '/iga/grants/list',
        // A read sent as POST: repeating it is harmless.
        idempotent: true,
        query: {
          page: position.token ? undefined : position.page,
          per_page: position.token ? undefined : perPage,
          next_page_token: position.token,
          ids: v.grantIds?.length ? v.grantIds.join(',') : undefined,
          search_key: v.searchKey,
          sort_order: v.sortOrder,
          policy_id: v.policyId,
        },
        body: filters,
        signal: v.signal,
      });
      return res.body;
    });
  }

  /** One grant, read through `POST /iga/grants/list?ids=` (there is no GET by id). NotFoundError if absent. */
  async getGrant(grantId: string, options: { signal?: AbortSignal } = {}): Promise<AtomicworkGrant> {
    const id = input.parseId(grantId, 'grantId', 'getGrant');
    const page = await this.listGrants({ grantIds: [id], perPage: 1, signal: options.signal }).firstPage();
    const grant = page.items.find((g) => g.id === id);
    if (!grant) throw new NotFoundError(`atomicwork grant ${id} was not found.`, { provider: 'atomicwork' });
    return grant;
  }

  /** `PUT /iga/grants/{id}`. To revoke prefer `revokeGrant`, which handles deprovisioning. */
  async updateGrant(grantId: string, options: UpdateGrantOptions): Promise<AtomicworkGrant> {
    const id = input.parseId(grantId, 'grantId', 'updateGrant');
    const v = input.parseInput(input.updateGrantInput, options, 'updateGrant');
    const body: Record<string, unknown> = {};
    if (v.status) body.status = v.status;
    if (v.policyId) body.policy_id = jsonInt(v.policyId);
    if (v.policyKey) body.policy_key = v.policyKey;
    if (v.grantedBy) body.granted_by = jsonInt(v.grantedBy);
    if (v.grantedAt) body.granted_at = v.grantedAt;
    const res = await this.#http.request({ method: 'PUT', path: `/iga/grants/${pathSegment(id, 'grantId', 'atomicwork')}`, body, signal: v.signal });
    // The PUT reply is undocumented: use it when it is a grant, else read the grant.
    const parsed = grantSchema.safeParse(res.body);
    return parsed.success ? parsed.data : this.getGrant(id, { signal: v.signal });
  }

  /**
   * `POST /iga/grants/{id}/revoke`. `deprovision: true` runs the full deprovisioning workflow
   * (skip_deprovisioning=false; revocation_status goes IN_PROGRESS, then COMPLETED or FAILED).
   * A grant that is already inactive or being deprovisioned is a success (`already_revoked`).
   */
  async revokeGrant(grantId: string, options: RevokeGrantOptions = {}): Promise<RevokeGrantResult> {
    const id = input.parseId(grantId, 'grantId', 'revokeGrant');
    const v = input.parseInput(input.revokeGrantInput, options, 'revokeGrant');
    const body: Record<string, unknown> = { skip_deprovisioning: !(v.deprovision ?? false) };
    if (v.reason !== undefined) body.reason = v.reason;
    const send = async () => {
      const res = await this.#http.request({ method: 'POST', path: `/iga/grants/${pathSegment(id, 'grantId', 'atomicwork')}/revoke`, body, signal: v.signal });
      const reply = parseWire(revokeResponseSchema, res.body ?? {}, 'revokeGrant');
      const asGrant = grantSchema.safeParse(res.body);
      const grant = asGrant.success ? asGrant.data : await this.getGrant(id, { signal: v.signal });
      return { grant, revocationStatus: reply.revocation_status ?? grant.revocation_status ?? null };
    };
    // Done already when the grant is inactive or being deprovisioned: its state decides, not a message.
    const lookup = async () => {
      const grant = await this.getGrant(id, { signal: v.signal });
      const revocationStatus = grant.revocation_status ?? null;
      return !isActiveGrantStatus(grant.status) || revocationStatus?.status === 'IN_PROGRESS' ? { grant, revocationStatus } : null;
    };
    const { value, outcome } = await runUnsafeWrite({
      send,
      lookup,
      // A refusal (409/400) may mean "already revoked".
      isRefusal: (error) => error instanceof ConflictError || (error instanceof ValidationError && error.provider === 'atomicwork'),
      reliability: this.#http.reliability,
      signal: v.signal,
    });
    return { ...value, outcome: outcome === 'sent' ? 'revoked' : outcome === 'recovered' ? 'recovered' : 'already_revoked' };
  }

  /**
   * Polls the grant until its revocation_status leaves IN_PROGRESS (there is no endpoint for the
   * schedule_id; providers.md 1.1). Default timeout 60 s, interval 1 s.
   */
  async waitForRevocation(grantId: string, options: WaitForRevocationOptions = {}): Promise<AtomicworkGrant> {
    const id = input.parseId(grantId, 'grantId', 'waitForRevocation');
    const v = input.parseInput(input.waitInput, options, 'waitForRevocation');
    const deadline = Date.now() + (v.timeoutMs ?? 60_000);
    for (;;) {
      const grant = await this.getGrant(id, { signal: v.signal });
      if (grant.revocation_status?.status !== 'IN_PROGRESS') return grant;
      if (Date.now() >= deadline) {
        throw new TimeoutError(`atomicwork grant ${id} is still being deprovisioned after ${v.timeoutMs ?? 60_000} ms.`, { provider: 'atomicwork', outcomeUnknown: false });
      }
      await sleep(Math.min(v.intervalMs ?? 1000, Math.max(1, deadline - Date.now())), v.signal);
    }
  }

  /** `GET /iga/grants/{id}/history`: GRANTED / EXTENDED / REVOKED / EXPIRED events, newest first by default. */
  grantHistory(grantId: string, options: GrantHistoryOptions = {}): Paginator<AtomicworkGrantHistoryEvent> {
    const id = input.parseId(grantId, 'grantId', 'grantHistory');
    const v = input.parseInput(input.historyInput, options, 'grantHistory');
    const perPage = v.perPage ?? 25;
    return pagedList(perPage, historyEventSchema, 'grantHistory', (p) =>
      this.get(`/iga/grants/${pathSegment(id, 'grantId', 'atomicwork')}/history`, { page: p.page, per_page: perPage, sort_order: v.sortOrder }, v.signal),
    );
  }

  /** `GET /iga/apps`. */
  listApps(options: ListAppsOptions = {}): Paginator<AtomicworkApp> {
    const v = input.parseInput(input.listAppsInput, options, 'listApps');
    const perPage = v.perPage ?? 25;
    return pagedList(perPage, appSchema, 'listApps', (p) => this.get('/iga/apps', { page: p.page, per_page: perPage, search_key: v.searchKey }, v.signal));
  }

  /** `GET /iga/entitlements` by app, type (GROUP, ROLE) and status (DRAFT, PUBLISHED). */
  listEntitlements(options: ListEntitlementsOptions = {}): Paginator<AtomicworkEntitlement> {
    const v = input.parseInput(input.listEntitlementsInput, options, 'listEntitlements');
    const perPage = v.perPage ?? 25;
    const query = { per_page: perPage, app_id: v.appId, type: v.type, status: v.status, search_key: v.searchKey };
    return pagedList(perPage, entitlementSchema, 'listEntitlements', (p) => this.get('/iga/entitlements', { ...query, page: p.page }, v.signal));
  }

  /** Closes the connection pool. */
  close(): Promise<void> {
    return this.#http.close();
  }

  private async get(path: string, query: HttpRequest['query'], signal: AbortSignal | undefined): Promise<unknown> {
    return (await this.#http.request({ method: 'GET', path, query, signal })).body;
  }
}
