/**
 * The demo world every ZITADEL fake starts with. Ids are fixed so that the example app can print
 * them and tests can name them; secrets (the PAT, keys, tokens) are random per fake.
 */

/** Seed ids of the ZITADEL fake (18-digit ids, as ZITADEL's look). */
export const ZITADEL_SEED = {
  /** "Acme" — the org the service user lives in; owns the demo project. */
  orgId: '300000000000000001',
  /** "Partner Co" — the demo project is granted to it (projectGrantId). */
  partnerOrgId: '300000000000000002',
  /** "Other Corp" — the service user is not a member: calls in it are PermissionDenied. */
  otherOrgId: '300000000000000003',
  /** "Grantkit Demo" project, owned by Acme. */
  projectId: '300000000000000101',
  /** Role keys defined on the project. */
  roleKeys: ['admin', 'viewer', 'oncall'] as const,
  /** The project granted to Partner Co with roles `viewer` and `oncall` only. */
  projectGrantId: '300000000000000201',
  projectGrantRoleKeys: ['viewer', 'oncall'] as const,
  users: {
    /** alice@acme — human user in Acme. */
    alice: '300000000000000301',
    /** bob@acme — human user in Acme. */
    bob: '300000000000000302',
    /** carol@partner — human user in Partner Co. */
    carol: '300000000000000303',
    /** dave@other — human user in Other Corp. */
    dave: '300000000000000304',
  },
  /** The machine (service) user the PAT and minted keys belong to; manager in Acme and Partner Co. */
  serviceUserId: '300000000000000401',
} as const;

export interface FakeOrg {
  id: string;
  name: string;
  primaryDomain: string;
}

export interface FakeUser {
  id: string;
  orgId: string;
  userName: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  preferredLoginName: string;
  type: 'TYPE_HUMAN' | 'TYPE_MACHINE';
  /** Orgs this user may manage grants in (service users only). */
  manages: string[];
}

export interface FakeRole {
  key: string;
  displayName: string;
  group: string;
}

export interface FakeProject {
  id: string;
  name: string;
  orgId: string;
  roles: FakeRole[];
}

export interface FakeProjectGrant {
  id: string;
  projectId: string;
  grantedOrgId: string;
  roleKeys: string[];
}

export function seedWorld(): { orgs: FakeOrg[]; users: FakeUser[]; projects: FakeProject[]; projectGrants: FakeProjectGrant[] } {
  const s = ZITADEL_SEED;
  const human = (id: string, orgId: string, first: string, domain: string): FakeUser => {
    const login = `${first.toLowerCase()}@${domain}`;
    return { id, orgId, userName: login, displayName: `${first} Example`, firstName: first, lastName: 'Example', email: login, preferredLoginName: login, type: 'TYPE_HUMAN', manages: [] };
  };
  return {
    orgs: [
      { id: s.orgId, name: 'Acme', primaryDomain: 'acme.fake.zitadel' },
      { id: s.partnerOrgId, name: 'Partner Co', primaryDomain: 'partner.fake.zitadel' },
      { id: s.otherOrgId, name: 'Other Corp', primaryDomain: 'other.fake.zitadel' },
    ],
    users: [
      human(s.users.alice, s.orgId, 'Alice', 'acme.fake.zitadel'),
      human(s.users.bob, s.orgId, 'Bob', 'acme.fake.zitadel'),
      human(s.users.carol, s.partnerOrgId, 'Carol', 'partner.fake.zitadel'),
      human(s.users.dave, s.otherOrgId, 'Dave', 'other.fake.zitadel'),
      {
        id: s.serviceUserId,
        orgId: s.orgId,
        userName: 'grantkit-bot',
        displayName: 'grantkit bot',
        preferredLoginName: 'grantkit-bot@acme.fake.zitadel',
        type: 'TYPE_MACHINE',
        manages: [s.orgId, s.partnerOrgId],
      },
    ],
    projects: [
      {
        id: s.projectId,
        name: 'Grantkit Demo',
        orgId: s.orgId,
        roles: [
          { key: 'admin', displayName: 'Administrator', group: 'ops' },
          { key: 'viewer', displayName: 'Viewer', group: 'read' },
          { key: 'oncall', displayName: 'On-call engineer', group: 'ops' },
        ],
      },
    ],
    projectGrants: [{ id: s.projectGrantId, projectId: s.projectId, grantedOrgId: s.partnerOrgId, roleKeys: [...s.projectGrantRoleKeys] }],
  };
}
