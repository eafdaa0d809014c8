/**
 * protojson renderings of a fake grant: lowerCamelCase, enums as strings, 64-bit numbers as
 * strings, zero values left out (providers.md 2.2 JSON encoding).
 */
import type { FakeZitadelGrant, ZitadelFakeState } from './state.js';

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

export function v1Details(state: ZitadelFakeState, grant: FakeZitadelGrant | undefined, resourceOwner: string, withCreation = false) {
  return compact({
    sequence: String(grant?.sequence ?? state.currentSequence()),
    creationDate: withCreation && grant ? grant.creationDate.toISOString() : undefined,
    changeDate: (grant?.changeDate ?? state.now()).toISOString(),
    resourceOwner,
  });
}

/** zitadel.user.v1.UserGrant */
export function toV1UserGrant(state: ZitadelFakeState, g: FakeZitadelGrant): Record<string, unknown> {
  const user = state.users.get(g.userId);
  const org = state.orgs.get(g.resourceOwner);
  const userOrg = user ? state.orgs.get(user.orgId) : undefined;
  const project = state.projects.get(g.projectId);
  return compact({
    id: g.id,
    details: compact({
      sequence: String(g.sequence),
      creationDate: g.creationDate.toISOString(),
      changeDate: g.changeDate.toISOString(),
      resourceOwner: g.resourceOwner,
    }),
    roleKeys: g.roleKeys,
    state: g.state === 'ACTIVE' ? 'USER_GRANT_STATE_ACTIVE' : 'USER_GRANT_STATE_INACTIVE',
    userId: g.userId,
    userName: user?.userName,
    firstName: user?.firstName,
    lastName: user?.lastName,
    email: user?.email,
    displayName: user?.displayName,
    orgId: g.resourceOwner,
    orgName: org?.name,
    orgDomain: org?.primaryDomain,
    projectId: g.projectId,
    projectName: project?.name,
    projectGrantId: g.projectGrantId,
    preferredLoginName: user?.preferredLoginName,
    userType: user?.type,
    grantedOrgId: user?.orgId,
    grantedOrgName: userOrg?.name,
    grantedOrgDomain: userOrg?.primaryDomain,
  });
}

/** zitadel.authorization.v2.Authorization */
export function toV2Authorization(state: ZitadelFakeState, g: FakeZitadelGrant): Record<string, unknown> {
  const user = state.users.get(g.userId);
  const project = state.projects.get(g.projectId);
  const roles = project?.roles.filter((r) => g.roleKeys.includes(r.key)) ?? [];
  return compact({
    id: g.id,
    creationDate: g.creationDate.toISOString(),
    changeDate: g.changeDate.toISOString(),
    project: compact({ id: g.projectId, name: project?.name, organizationId: project?.orgId }),
    organization: compact({ id: g.resourceOwner, name: state.orgs.get(g.resourceOwner)?.name }),
    user: compact({ id: g.userId, preferredLoginName: user?.preferredLoginName, displayName: user?.displayName, organizationId: user?.orgId }),
    state: g.state === 'ACTIVE' ? 'STATE_ACTIVE' : 'STATE_INACTIVE',
    roles: roles.map((r) => compact({ key: r.key, displayName: r.displayName, group: r.group })),
  });
}

/** Text matching for TEXT_QUERY_METHOD_* (v1) and TEXT_FILTER_METHOD_* (v2). */
export function textMatches(value: string, wanted: string, method: unknown): boolean {
  const m = typeof method === 'string' ? method.replace(/^TEXT_(QUERY|FILTER)_METHOD_/, '') : 'EQUALS';
  const ignoreCase = m.endsWith('_IGNORE_CASE');
  const a = ignoreCase ? value.toLowerCase() : value;
  const b = ignoreCase ? wanted.toLowerCase() : wanted;
  switch (m.replace(/_IGNORE_CASE$/, '')) {
    case 'STARTS_WITH':
      return a.startsWith(b);
    case 'CONTAINS':
      return a.includes(b);
    case 'ENDS_WITH':
      return a.endsWith(b);
    default:
      return a === b;
  }
}

/** uint64 fields arrive as strings or numbers; anything else is invalid. */
export function uint(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
