/**
 * The fake's in-memory Seam: workspaces, credentials, devices, entrances, spaces, user identities,
 * access grants, access methods, action attempts and events. Records hold the wire fields
 * (providers.md §3.2) plus a few internal links; `serialize.ts` turns them into reply objects.
 * Tests get this object as `fake.state` to read and change data behind the client's back.
 */
export type Warning = { warning_code: string; message: string; created_at: string; [k: string]: unknown };
export type ErrorEntry = { error_code: string; message: string; created_at: string; [k: string]: unknown };
export type Mutation = { mutation_code: string; message: string; created_at: string; [k: string]: unknown };

export interface DeviceRecord {
  device_id: string;
  workspace_id: string;
  name: string;
  /** Whether the lock has a keypad; a `code` access method cannot be issued to one without. */
  can_program_codes: boolean;
}

export interface EntranceRecord {
  acs_entrance_id: string;
  workspace_id: string;
  acs_system_id: string;
  display_name: string;
}

export interface SpaceRecord {
  space_id: string;
  workspace_id: string;
  name: string;
  space_key?: string;
  customer_key?: string;
  parent_space_id?: string;
  created_at: string;
  device_ids: string[];
  acs_entrance_ids: string[];
}

export interface UserIdentityRecord {
  user_identity_id: string;
  workspace_id: string;
  user_identity_key: string | null;
  email_address: string | null;
  phone_number: string | null;
  full_name: string | null;
  created_at: string;
}

export interface RequestedAccessMethodRecord {
  display_name: string;
  mode: string;
  code?: string;
  instant_key_max_use_count?: number;
  created_at: string;
  created_access_method_ids: string[];
}

export interface AccessGrantRecord {
  access_grant_id: string;
  workspace_id: string;
  access_grant_key?: string;
  reservation_key?: string;
  user_identity_id: string;
  space_ids: string[];
  requested_access_methods: RequestedAccessMethodRecord[];
  access_method_ids: string[];
  name: string | null;
  created_at: string;
  starts_at: string;
  ends_at: string | null;
  instant_key_url?: string;
  client_session_token?: string;
  warnings: Warning[];
  errors: ErrorEntry[];
  pending_mutations: Mutation[];
}

export interface AccessMethodRecord {
  access_method_id: string;
  workspace_id: string;
  /** Internal link (not a wire field of access_method). */
  access_grant_id: string;
  mode: string;
  display_name: string;
  created_at: string;
  issued_at: string | null;
  is_issued: boolean;
  code?: string | null;
  instant_key_url?: string;
  client_session_token?: string;
  warnings: Warning[];
  errors: ErrorEntry[];
  pending_mutations: Mutation[];
}

export interface ActionAttemptRecord {
  action_attempt_id: string;
  workspace_id: string;
  action_type: string;
  status: 'pending' | 'success' | 'error';
  result: unknown;
  error: { type: string; message: string } | null;
}

/** An event as `events/list` returns it and webhooks deliver it. */
export interface SeamFakeEvent {
  event_id: string;
  event_type: string;
  workspace_id: string;
  created_at: string;
  occurred_at: string;
  [field: string]: unknown;
}

export class SeamFakeState {
  readonly workspaces = new Map<string, { workspace_id: string; name: string }>();
  /** API key -> workspace id. */
  readonly apiKeys = new Map<string, string>();
  /** Personal access token -> workspace ids it may act in. */
  readonly personalAccessTokens = new Map<string, Set<string>>();
  readonly devices = new Map<string, DeviceRecord>();
  readonly acsEntrances = new Map<string, EntranceRecord>();
  readonly spaces = new Map<string, SpaceRecord>();
  readonly userIdentities = new Map<string, UserIdentityRecord>();
  readonly accessGrants = new Map<string, AccessGrantRecord>();
  readonly accessMethods = new Map<string, AccessMethodRecord>();
  readonly actionAttempts = new Map<string, ActionAttemptRecord>();
  readonly events: SeamFakeEvent[] = [];

  /** Set by the fake: removes a grant and its access methods at once, emitting the deleted events. */
  removeAccessGrant: (accessGrantId: string) => boolean = () => false;

  getAccessGrant(accessGrantId: string): AccessGrantRecord | undefined {
    return this.accessGrants.get(accessGrantId);
  }

  /** Grants of one workspace (default: the demo workspace), oldest first. */
  listAccessGrants(workspaceId?: string): AccessGrantRecord[] {
    return [...this.accessGrants.values()].filter((g) => workspaceId === undefined || g.workspace_id === workspaceId);
  }

  /** Deletes a grant behind the client's back (as someone in the Seam console would). */
  deleteAccessGrant(accessGrantId: string): boolean {
    return this.removeAccessGrant(accessGrantId);
  }

  accessMethodsOf(accessGrantId: string): AccessMethodRecord[] {
    return [...this.accessMethods.values()].filter((m) => m.access_grant_id === accessGrantId);
  }

  /** Devices a grant reaches: those of its spaces. */
  devicesOf(grant: AccessGrantRecord): DeviceRecord[] {
    const ids = new Set(grant.space_ids.flatMap((s) => this.spaces.get(s)?.device_ids ?? []));
    return [...ids].map((id) => this.devices.get(id)).filter((d): d is DeviceRecord => d !== undefined);
  }

  entrancesOf(grant: AccessGrantRecord): EntranceRecord[] {
    const ids = new Set(grant.space_ids.flatMap((s) => this.spaces.get(s)?.acs_entrance_ids ?? []));
    return [...ids].map((id) => this.acsEntrances.get(id)).filter((e): e is EntranceRecord => e !== undefined);
  }
}
