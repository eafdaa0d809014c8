/**
 * The fake's data and the user-grant commands both API versions share, with ZITADEL's rules
 * (providers.md 2.4, 2.8): one grant per (org, user, project, project grant) -> AlreadyExists;
 * role keys must exist on the project (or the project grant) -> FailedPrecondition; the constraint
 * is released on removal; a deactivated grant still holds it.
 *
 * Version-specific leniency (v2 delete of a missing grant, v2 state changes that are already
 * done) lives in the v2 routes; this layer is strict like ZITADEL's command layer.
 */
import { FakeRpcError, ZITADEL_IDS } from './errors.js';
import { type FakeOrg, type FakeProject, type FakeProjectGrant, type FakeUser, seedWorld } from './seed.js';

export interface FakeZitadelGrant {
  id: string;
  userId: string;
  projectId: string;
  /** '' when the grant is on the org's own project. */
  projectGrantId: string;
  /** The org the grant belongs to (v1 `orgId`, v2 `organization.id`). */
  resourceOwner: string;
  roleKeys: string[];
  state: 'ACTIVE' | 'INACTIVE';
  /** Sequence of the last event (a string on the wire). */
  sequence: number;
  /** Creation order, for sorting. */
  createdIndex: number;
  creationDate: Date;
  changeDate: Date;
}

export interface AddGrantCommand {
  resourceOwner: string;
  userId: string;
  projectId: string;
  projectGrantId: string;
  roleKeys: string[];
}

export class ZitadelFakeState {
  readonly orgs = new Map<string, FakeOrg>();
  readonly users = new Map<string, FakeUser>();
  readonly projects = new Map<string, FakeProject>();
  readonly projectGrants = new Map<string, FakeProjectGrant>();
  private readonly grantsById = new Map<string, FakeZitadelGrant>();
  private nextId = 300_000_000_000_100_001n;
  private sequence = 1000;
  private created = 0;
  /** Counters tests can assert on. */
  readonly stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, unauthenticated: 0 };

  constructor(readonly now: () => Date) {
    const world = seedWorld();
    for (const o of world.orgs) this.orgs.set(o.id, o);
    for (const u of world.users) this.users.set(u.id, u);
    for (const p of world.projects) this.projects.set(p.id, p);
    for (const g of world.projectGrants) this.projectGrants.set(g.id, g);
  }

  newId(): string {
    return String(this.nextId++);
  }

  /** Every live grant, oldest first (copies: mutate through the methods below). */
  grants(): FakeZitadelGrant[] {
    return [...this.grantsById.values()].map((g) => ({ ...g, roleKeys: [...g.roleKeys] }));
  }

  grant(id: string): FakeZitadelGrant | undefined {
    const g = this.grantsById.get(id);
    return g ? { ...g, roleKeys: [...g.roleKeys] } : undefined;
  }

  /** Removes a grant behind the client's back (as another admin would). */
  deleteGrant(id: string): boolean {
    return this.grantsById.delete(id);
  }

  /** The live grant record (internal; routes mutate through commands). */
  find(id: string): FakeZitadelGrant | undefined {
    return this.grantsById.get(id);
  }

  /** Roles a grant in `resourceOwner` may use: the project's, or the project grant's subset. */
  private availableRoles(projectId: string, projectGrantId: string): string[] {
    const project = this.projects.get(projectId);
    if (!project) return [];
    if (!projectGrantId) return project.roles.map((r) => r.key);
    return this.projectGrants.get(projectGrantId)?.roleKeys ?? [];
  }

  private checkRoles(roleKeys: string[], projectId: string, projectGrantId: string): void {
    const available = this.availableRoles(projectId, projectGrantId);
    const unknown = roleKeys.filter((k) => !available.includes(k));
    if (unknown.length > 0) throw new FakeRpcError('failed_precondition', ZITADEL_IDS.roleNotFound, `Role not found: ${unknown.join(', ')}`);
  }

  /** The project grant that lets `orgId` use `projectId`, or '' when the org owns the project. */
  resolveProjectGrant(projectId: string, orgId: string): string | undefined {
    const project = this.projects.get(projectId);
    if (!project) return undefined;
    if (project.orgId === orgId) return '';
    return [...this.projectGrants.values()].find((g) => g.projectId === projectId && g.grantedOrgId === orgId)?.id;
  }

  addGrant(cmd: AddGrantCommand): FakeZitadelGrant {
    if (!cmd.userId || !cmd.projectId) throw new FakeRpcError('invalid_argument', ZITADEL_IDS.userGrantInvalid, 'User grant invalid');
    if (!this.users.has(cmd.userId)) throw new FakeRpcError('failed_precondition', 'FAKE-USER-NF', 'User not found');
    const project = this.projects.get(cmd.projectId);
    if (!project) throw new FakeRpcError('failed_precondition', 'FAKE-PROJ-NF', 'Project not found');
    if (cmd.projectGrantId) {
      const pg = this.projectGrants.get(cmd.projectGrantId);
      if (!pg || pg.projectId !== cmd.projectId || pg.grantedOrgId !== cmd.resourceOwner) {
        throw new FakeRpcError('failed_precondition', 'FAKE-PGRANT-NF', 'Project grant not found for this organization');
      }
    } else if (project.orgId !== cmd.resourceOwner) {
      // ZITADEL docs: "fill in the project grant id if ... the organization is not the owner of the project".
      throw new FakeRpcError('failed_precondition', 'FAKE-PROJ-NF', 'Project not found in this organization (granted projects need projectGrantId)');
    }
    this.checkRoles(cmd.roleKeys, cmd.projectId, cmd.projectGrantId);
    const clash = [...this.grantsById.values()].some(
      (g) => g.resourceOwner === cmd.resourceOwner && g.userId === cmd.userId && g.projectId === cmd.projectId && g.projectGrantId === cmd.projectGrantId,
    );
    if (clash) throw new FakeRpcError('already_exists', ZITADEL_IDS.alreadyExists, 'User grant already exists');
    const at = this.now();
    const grant: FakeZitadelGrant = {
      id: this.newId(),
      ...cmd,
      roleKeys: [...new Set(cmd.roleKeys)],
      state: 'ACTIVE',
      sequence: ++this.sequence,
      createdIndex: ++this.created,
      creationDate: at,
      changeDate: at,
    };
    this.grantsById.set(grant.id, grant);
    return grant;
  }

  /** Strict like the command layer: a missing grant is NotFound, an unchanged set NotChanged unless `ignoreUnchanged`. */
  updateRoles(grant: FakeZitadelGrant, roleKeys: string[], ignoreUnchanged: boolean): FakeZitadelGrant {
    this.checkRoles(roleKeys, grant.projectId, grant.projectGrantId);
    const next = [...new Set(roleKeys)];
    const same = next.length === grant.roleKeys.length && next.every((k) => grant.roleKeys.includes(k));
    if (same) {
      if (ignoreUnchanged) return grant;
      throw new FakeRpcError('failed_precondition', ZITADEL_IDS.notChanged, 'User grant has not changed');
    }
    grant.roleKeys = next;
    return this.touch(grant);
  }

  setState(grant: FakeZitadelGrant, state: 'ACTIVE' | 'INACTIVE', ignoreSame: boolean): FakeZitadelGrant {
    if (grant.state === state) {
      if (ignoreSame) return grant;
      throw state === 'INACTIVE'
        ? new FakeRpcError('failed_precondition', 'FAKE-UG-NOTACTIVE', 'User grant is not active')
        : new FakeRpcError('failed_precondition', 'FAKE-UG-NOTINACTIVE', 'User grant is not inactive');
    }
    grant.state = state;
    return this.touch(grant);
  }

  remove(grant: FakeZitadelGrant): void {
    this.grantsById.delete(grant.id);
    this.sequence++;
  }

  private touch(grant: FakeZitadelGrant): FakeZitadelGrant {
    grant.sequence = ++this.sequence;
    grant.changeDate = this.now();
    return grant;
  }

  currentSequence(): number {
    return this.sequence;
  }
}
