/**
 * The Seam adapter: our grant model <-> Seam access grants. Seam has no status field
 * (providers.md 3.2); we derive one from errors, warnings, pending mutations and whether every
 * access method is issued. Windows are native: Seam enforces starts_at / ends_at itself.
 */
import type { GrantRequest, GrantUpdate, SeamGrantRequest } from '../../domain/request.js';
import type { GrantStatus } from '../../domain/status.js';
import { NotFoundError, nullIfNotFound, ValidationError } from '../../errors.js';
import type { AccessRef, CreateContext, ProviderAdapter, ProviderCapabilities, ProviderCreateResult, ProviderState } from '../../service/adapter.js';
import { SeamClient } from './client.js';
import { deriveAccessGrantKey } from './grant-key.js';
import type { SeamAccessGrant, SeamAccessMethod } from './wire.js';

export class SeamAdapter implements ProviderAdapter {
  readonly name = 'seam' as const;
  readonly capabilities: ProviderCapabilities = { provider: 'seam', nativeWindows: true, update: { window: true, roleKeys: false }, deprovision: false };

  constructor(readonly client: SeamClient) {}

  async create(request: GrantRequest, context: CreateContext): Promise<ProviderCreateResult> {
    const r = seamRequest(request);
    const subject = r.subject;
    const window = context.window ?? { startsAt: r.window?.startsAt ?? null, endsAt: r.window?.endsAt ?? null };
    const { accessGrant, outcome } = await this.client.accessGrants.create(
      {
        ...('userIdentityId' in subject
          ? { userIdentityId: subject.userIdentityId }
          : { userIdentity: { fullName: subject.user.fullName, emailAddress: subject.user.email, phoneNumber: subject.user.phone, userIdentityKey: subject.user.key } }),
        spaceIds: r.target.spaceIds,
        acsEntranceIds: r.target.acsEntranceIds,
        deviceIds: r.target.deviceIds,
        requestedAccessMethods: r.accessMethods.map((mode) => ({ mode })),
        startsAt: window.startsAt ?? undefined,
        endsAt: window.endsAt ?? undefined,
        reservationKey: r.reservationKey,
      },
      { idempotencyKey: context.key, signal: context.signal },
    );
    // The grant exists now. If its access methods cannot be read, report it pending from the
    // grant alone rather than fail a done create (the store would lose a live grant); a refresh or
    // sweep reads the methods later.
    const state = await this.state(accessGrant).catch(() => this.stateOf(accessGrant, []));
    // `existing` is our own key from an earlier attempt: still our create, never an adoption.
    void outcome;
    return { ...state, outcome: 'created' };
  }

  async find(_request: GrantRequest, context: CreateContext): Promise<ProviderState | null> {
    const grant = await nullIfNotFound(this.client.accessGrants.get({ accessGrantKey: deriveAccessGrantKey(context.key) }));
    return grant ? this.state(grant) : null;
  }

  async read(access: AccessRef): Promise<ProviderState | null> {
    const grant = await nullIfNotFound(this.client.accessGrants.get({ accessGrantId: access.externalId }));
    return grant ? this.state(grant) : null;
  }

  async update(access: AccessRef, changes: GrantUpdate): Promise<ProviderState> {
    if (changes.roleKeys) throw new ValidationError('Seam grants have no role keys.', [{ path: 'roleKeys', message: 'not supported by seam' }]);
    await this.client.accessGrants.update({
      accessGrantId: access.externalId,
      ...(changes.startsAt !== undefined ? { startsAt: changes.startsAt ?? undefined } : {}),
      ...(changes.endsAt !== undefined ? { endsAt: changes.endsAt } : {}),
    });
    const state = await this.read(access);
    if (!state) throw new NotFoundError(`Seam access grant ${access.externalId} is gone.`, { provider: 'seam' });
    return state;
  }

  async revoke(access: AccessRef): Promise<ProviderState> {
    const result = await this.client.accessGrants.delete(access.externalId);
    return { externalId: access.externalId, status: 'revoked', details: { deleteOutcome: result.outcome } };
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** Status and details from the grant and its access methods. */
  private async state(grant: SeamAccessGrant): Promise<ProviderState> {
    const methods = await this.client.accessMethods.list({ accessGrantId: grant.access_grant_id }).toArray({ limit: 100 });
    return this.stateOf(grant, methods);
  }

  private stateOf(grant: SeamAccessGrant, methods: SeamAccessMethod[]): ProviderState {
    return { externalId: grant.access_grant_id, status: seamStatus(grant, methods), details: seamDetails(grant, methods) };
  }
}

export function seamStatus(grant: SeamAccessGrant, methods: SeamAccessMethod[]): GrantStatus {
  if (grant.warnings.some((w) => w.warning_code === 'being_deleted')) return 'revoked';
  if (grant.errors.length > 0 || methods.some((m) => m.errors.length > 0)) return 'failed';
  const requested = grant.requested_access_methods.length;
  const issued = methods.filter((m) => m.is_issued).length;
  if (grant.pending_mutations.length > 0 || issued < Math.max(requested, 1)) return 'pending';
  return 'active';
}

function seamDetails(grant: SeamAccessGrant, methods: SeamAccessMethod[]): Record<string, unknown> {
  return {
    accessGrantId: grant.access_grant_id,
    accessGrantKey: grant.access_grant_key,
    reservationKey: grant.reservation_key,
    userIdentityId: grant.user_identity_id,
    accessMethodIds: grant.access_method_ids,
    instantKeyUrl: grant.instant_key_url ?? methods.find((m) => m.instant_key_url)?.instant_key_url,
    accessMethods: methods.map((m) => ({
      id: m.access_method_id,
      mode: m.mode,
      issued: m.is_issued,
      warnings: m.warnings.map((w) => w.warning_code),
      errors: m.errors.map((e) => e.error_code),
    })),
    warnings: grant.warnings.map((w) => w.warning_code),
    // The codes above stay for filtering; these keep Seam's words (e.g. which door lost access).
    warningDetails: grant.warnings.map(entryDetails('warning_code')),
    errors: grant.errors.map((e) => e.error_code),
    errorDetails: grant.errors.map(entryDetails('error_code')),
    startsAt: grant.starts_at,
    endsAt: grant.ends_at,
  };
}

/** `{ code, message, ...ids }` of one warning or error entry; only string ids and id lists are kept. */
function entryDetails(codeField: 'warning_code' | 'error_code') {
  return (entry: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { code: entry[codeField] };
    if (typeof entry.message === 'string') out.message = entry.message;
    for (const [k, v] of Object.entries(entry)) {
      if (k.endsWith('_id') && typeof v === 'string') out[camel(k)] = v;
      else if (k.endsWith('_ids') && Array.isArray(v)) out[camel(k)] = v.filter((x) => typeof x === 'string');
    }
    return out;
  };
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function seamRequest(request: GrantRequest): SeamGrantRequest {
  if (request.provider !== 'seam') throw new ValidationError(`The Seam adapter got a ${request.provider} request.`, [{ path: 'provider', message: 'must be seam' }]);
  return request;
}
