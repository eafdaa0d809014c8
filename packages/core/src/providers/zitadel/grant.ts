/**
 * The one grant shape both API versions map into. A v1 UserGrant and a v2 Authorization describe
 * the same record (providers.md 2.1); `raw` keeps the wire object as the API sent it.
 */
import type { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { V1UserGrant, V2Authorization } from './wire.js';

export type ZitadelGrantState = 'ACTIVE' | 'INACTIVE';

export interface ZitadelGrant {
  id: string;
  userId: string;
  projectId: string;
  /** The project grant the user grant is on (granted projects only). v1 sends it; the v2 object has no such field. */
  projectGrantId?: string;
  /** The organization the grant belongs to (v1 `orgId`, v2 `organization.id`). */
  organizationId?: string;
  roleKeys: string[];
  state: ZitadelGrantState;
  creationDate?: string;
  changeDate?: string;
  /** The v1 UserGrant or v2 Authorization as received. */
  raw: V1UserGrant | V2Authorization | Record<string, unknown>;
}

/**
 * v1 and v2 both have an UNSPECIFIED state; the docs' own v1 example shows it on a live grant, so
 * only an explicit INACTIVE counts as inactive.
 */
function stateOf(state: string | undefined): ZitadelGrantState {
  return state === 'USER_GRANT_STATE_INACTIVE' || state === 'STATE_INACTIVE' ? 'INACTIVE' : 'ACTIVE';
}

export function fromV1(grant: V1UserGrant): ZitadelGrant {
  const out: ZitadelGrant = {
    id: grant.id,
    userId: grant.userId ?? '',
    projectId: grant.projectId ?? '',
    roleKeys: grant.roleKeys ?? [],
    state: stateOf(grant.state),
    raw: grant,
  };
  if (grant.projectGrantId) out.projectGrantId = grant.projectGrantId;
  const org = grant.orgId ?? grant.details?.resourceOwner;
  if (org) out.organizationId = org;
  if (grant.details?.creationDate) out.creationDate = grant.details.creationDate;
  if (grant.details?.changeDate) out.changeDate = grant.details.changeDate;
  return out;
}

export function fromV2(auth: V2Authorization): ZitadelGrant {
  const out: ZitadelGrant = {
    id: auth.id,
    userId: auth.user?.id ?? '',
    projectId: auth.project?.id ?? '',
    roleKeys: (auth.roles ?? []).map((r) => r.key),
    state: stateOf(auth.state),
    raw: auth,
  };
  if (auth.organization?.id) out.organizationId = auth.organization.id;
  if (auth.creationDate) out.creationDate = auth.creationDate;
  if (auth.changeDate) out.changeDate = auth.changeDate;
  return out;
}

/** Parses a success body with its wire schema; a body that does not fit is a ProviderError. */
export function parseWire<S extends z.ZodType>(schema: S, body: unknown, what: string, requestId?: string): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(`zitadel ${what} answered with an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).`, {
      provider: 'zitadel',
      requestId,
    });
  }
  return parsed.data;
}
