/**
 * ZitadelClient: user grants (v1) / authorizations (v2) over the core transport, with one method
 * set and one result shape for both API versions.
 */
import { AuthError, ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { HttpClient, type HttpRequest, type HttpResponse } from '../../http/client.js';
import { REDACTED, renderRedacted } from '../../http/redact.js';
import { decodeCursor, encodeCursor, Paginator } from '../../pagination/paginator.js';
import type { Caller, GrantApi } from './api.js';
import { resolveConfig, type ResolvedZitadelConfig, type ZitadelApiVersion, type ZitadelClientConfig } from './config.js';
import { mapTokenError, mapZitadelError } from './errors.js';
import type { ZitadelGrant } from './grant.js';
import {
  AddGrantInput,
  type AddGrantParams,
  BulkRemoveInput,
  FindGrantInput,
  GrantRef,
  ListGrantsInput,
  UpdateRoleKeysInput,
  validate,
} from './inputs.js';
import { JwtProfileTokenSource, PatTokenSource, type TokenSource } from './token.js';
import { V1Api } from './v1.js';
import { V2Api } from './v2.js';

export type AddGrantOutcome = 'created' | 'existing' | 'updated';

export interface AddGrantResult {
  grant: ZitadelGrant;
  /** `created`: new grant. `existing`: it already held every requested key. `updated`: missing keys were added. */
  outcome: AddGrantOutcome;
}

const DEFAULT_PAGE_SIZE = 100;

export class ZitadelClient {
  readonly api: ZitadelApiVersion;
  // #private: the config, the transports and the token source hold the PAT, the private key or an
  // access token, and logging the client (or a Grantkit holding it) must print none of them.
  readonly #config: ResolvedZitadelConfig;
  readonly #http: HttpClient;
  readonly #tokenHttp: HttpClient | undefined;
  readonly #tokens: TokenSource;
  readonly #impl: GrantApi;

  constructor(config: ZitadelClientConfig) {
    this.#config = resolveConfig(config);
    this.api = this.#config.api;
    const auth = this.#config.auth;
    const secrets = auth.kind === 'pat' ? [auth.token] : [auth.key.pem()];
    const common = { baseUrl: this.#config.issuer, provider: 'zitadel' as const, secrets, reliability: config.reliability, hooks: config.hooks };
    this.#http = new HttpClient({ ...common, mapError: mapZitadelError });
    if (auth.kind === 'pat') {
      this.#tokens = new PatTokenSource(auth.token);
    } else {
      this.#tokenHttp = new HttpClient({ ...common, mapError: mapTokenError });
      // A fetched access token is redacted wherever the PAT would be: by both transports.
      this.#tokens = new JwtProfileTokenSource(auth.key, this.#config.issuer, this.#tokenHttp, [this.#http.redactor, this.#tokenHttp.redactor]);
    }
    const call: Caller = (req) => this.#call(req);
    this.#impl = this.api === 'v1' ? new V1Api(call, this.#config.orgId) : new V2Api(call, this.#config.orgId);
    const { issuer, orgId } = this.#config;
    renderRedacted(this, 'ZitadelClient', () => ({
      provider: 'zitadel',
      issuer,
      api: this.api,
      ...(orgId ? { orgId } : {}),
      auth: auth.kind === 'pat' ? 'personalAccessToken' : 'serviceAccountKey',
      credentials: REDACTED,
    }));
  }

  /** The instance URL this client talks to. */
  get issuer(): string {
    return this.#config.issuer;
  }

  /**
   * Grants `roleKeys` on a project. ZITADEL keeps one grant per (org, user, project, project grant)
   * and answers AlreadyExists to a second add (providers.md 2.8); that is treated as "already
   * granted": the existing grant is looked up and any missing keys are added to it (its other keys
   * stay). A deactivated grant stays deactivated.
   *
   * Org: `organizationId`, else the client `orgId`. v1 sends it as `x-zitadel-orgid` (a granted
   * project also needs `projectGrantId` on v1). v2 sends it as `organizationId` and derives the
   * project grant itself, so on v2 `projectGrantId` alone is rejected: name the granted org.
   */
  async addGrant(input: AddGrantInput): Promise<AddGrantResult> {
    const params = validate(AddGrantInput, input, 'addGrant');
    let created: Awaited<ReturnType<GrantApi['create']>>;
    try {
      created = await this.#impl.create(params);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return this.resolveExisting(params, error);
    }
    const ref = { userId: params.userId, grantId: created.id, organizationId: params.organizationId };
    // The grant exists from here on: a failed read-back must not turn the done write into an error
    // (the caller would record a failure and lose track of a live grant). Projections can also lag
    // the write in ZITADEL. Either way, fall back to what we sent.
    const grant = await this.#impl.get(ref, 'addGrant').catch(() => undefined);
    return { grant: grant ?? this.assumedGrant(params, created.id, created.raw), outcome: 'created' };
  }

  private async resolveExisting(params: AddGrantParams, conflict: ConflictError): Promise<AddGrantResult> {
    const existing = await this.findGrant(params);
    if (!existing) {
      throw new ConflictError(
        `zitadel: the grant for user ${params.userId} on project ${params.projectId} already exists but could not be read back (projection lag or another org); retry shortly.`,
        { provider: 'zitadel', providerCode: conflict.providerCode, requestId: conflict.requestId, cause: conflict },
      );
    }
    const missing = params.roleKeys.filter((k) => !existing.roleKeys.includes(k));
    if (missing.length === 0) return { grant: existing, outcome: 'existing' };
    const ref = { userId: existing.userId, grantId: existing.id, organizationId: params.organizationId ?? existing.organizationId };
    await this.#impl.update(ref, [...existing.roleKeys, ...missing], 'addGrant');
    const updated = await this.#impl.get(ref, 'addGrant').catch(() => undefined);
    return { grant: updated ?? { ...existing, roleKeys: [...existing.roleKeys, ...missing] }, outcome: 'updated' };
  }

  /** One grant by id, or undefined when it does not exist. v1 needs `userId` (it is in the path). */
  async getGrant(ref: GrantRef): Promise<ZitadelGrant | undefined> {
    return this.#impl.get(validate(GrantRef, ref, 'getGrant'), 'getGrant');
  }

  /**
   * Grants matching every given filter, walked with offset/limit to the end. Scoped to
   * `organizationId`, else the client `orgId`. On v1 the `state` filter is applied client-side
   * (UserGrantQuery has no state query), so a page may hold fewer than `pageSize` items.
   */
  listGrants(filters: ListGrantsInput = {}): Paginator<ZitadelGrant> {
    const parsed = validate(ListGrantsInput, filters, 'listGrants');
    const { pageSize = DEFAULT_PAGE_SIZE, ...query } = parsed;
    return new Paginator(async (cursor) => {
      const offset = cursor === null ? 0 : offsetFrom(cursor);
      const page = await this.#impl.listPage(query, offset, pageSize);
      const next = offset + page.fetched;
      const more = page.fetched > 0 && (page.total === undefined ? page.fetched >= pageSize : next < page.total);
      return { items: page.items, nextCursor: more ? encodeCursor({ offset: next }) : null };
    });
  }

  /** The grant of a user on a project (and project grant / org), or undefined. */
  async findGrant(input: FindGrantInput): Promise<ZitadelGrant | undefined> {
    const q = validate(FindGrantInput, input, 'findGrant');
    for await (const grant of this.listGrants({ ...q, pageSize: 100 })) {
      if (grant.userId !== q.userId || grant.projectId !== q.projectId) continue;
      if (this.api === 'v1' && q.projectGrantId !== undefined && grant.projectGrantId !== q.projectGrantId) continue;
      return grant;
    }
    return undefined;
  }

  /** Replaces the role keys (keys not listed are revoked). An unchanged set is a success. */
  async updateRoleKeys(input: UpdateRoleKeysInput): Promise<void> {
    const { roleKeys, ...ref } = validate(UpdateRoleKeysInput, input, 'updateRoleKeys');
    await this.#impl.update(ref, roleKeys, 'updateRoleKeys');
  }

  /** Deactivates (the grant stays readable but is left out of tokens). Already inactive is a success. */
  async deactivate(ref: GrantRef): Promise<void> {
    await this.#impl.setActive(validate(GrantRef, ref, 'deactivate'), false, 'deactivate');
  }

  /** Reactivates. Already active is a success. */
  async reactivate(ref: GrantRef): Promise<void> {
    await this.#impl.setActive(validate(GrantRef, ref, 'reactivate'), true, 'reactivate');
  }

  /** Removes the grant. Already gone is a success. */
  async removeGrant(ref: GrantRef): Promise<void> {
    await this.#impl.remove(validate(GrantRef, ref, 'removeGrant'), 'removeGrant');
  }

  /**
   * Removes several grants of the client's org in one call (v1 only; ConfigError on v2). ZITADEL
   * applies it all or nothing: one unknown id fails the call and nothing is removed (NotFoundError).
   */
  async bulkRemove(grantIds: string[]): Promise<void> {
    const ids = validate(BulkRemoveInput, grantIds, 'bulkRemove');
    try {
      await this.#impl.bulkRemove(ids);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new NotFoundError(
        `zitadel bulkRemove: at least one of the ${ids.length} grant ids does not exist, so ZITADEL removed none of them; use removeGrant per id (already gone = success).`,
        { provider: 'zitadel', providerCode: error.providerCode, requestId: error.requestId, cause: error },
      );
    }
  }

  /** Closes the connection pools. */
  async close(): Promise<void> {
    await Promise.all([this.#http.close(), this.#tokenHttp?.close()]);
  }

  /**
   * Every API request goes through here. The bearer is added per request so that a 401 can drop
   * exactly the token that failed; then one new token is fetched and the call is tried once more.
   */
  async #call<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const token = await this.#tokens.token();
    try {
      return await this.#http.request<T>(withBearer(req, token));
    } catch (error) {
      if (!(error instanceof AuthError) || !this.#tokens.refreshable || this.#tokens.isExchangeError(error)) throw error;
      this.#tokens.invalidate(token);
      return this.#http.request<T>(withBearer(req, await this.#tokens.token()));
    }
  }

  private assumedGrant(params: AddGrantParams, id: string, raw: unknown): ZitadelGrant {
    const grant: ZitadelGrant = {
      id,
      userId: params.userId,
      projectId: params.projectId,
      roleKeys: params.roleKeys,
      state: 'ACTIVE',
      raw: raw as Record<string, unknown>,
    };
    if (params.projectGrantId) grant.projectGrantId = params.projectGrantId;
    const org = params.organizationId ?? this.#config.orgId;
    if (org) grant.organizationId = org;
    return grant;
  }
}

function withBearer(req: HttpRequest, token: string): HttpRequest {
  return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } };
}

function offsetFrom(cursor: string): number {
  const { offset } = decodeCursor<{ offset?: unknown }>(cursor);
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new ValidationError('cursor is not a cursor this API returned; pass back nextCursor unchanged.', [{ path: 'cursor', message: 'invalid cursor' }]);
  }
  return offset;
}
