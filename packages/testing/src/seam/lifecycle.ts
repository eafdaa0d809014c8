/**
 * What happens to grants over time in the fake: access methods are created with the grant and
 * become issued after `issueDelayMs` (or fail to issue, for a PIN on a lock without keypad), a
 * deleted grant shows the `being_deleted` warning for `deleteDelayMs` and is then gone, and every
 * step emits the access_grant.* / access_method.* event Seam documents (providers.md §3.2).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { AccessGrantRecord, AccessMethodRecord, RequestedAccessMethodRecord, SeamFakeEvent, SeamFakeState } from './state.js';

const DISPLAY_NAMES: Record<string, string> = {
  code: 'PIN Code Credential',
  card: 'Card Credential',
  mobile_key: 'Mobile Key Credential',
  cloud_key: 'Cloud Key Credential',
};

export interface LifecycleOptions {
  state: SeamFakeState;
  now: () => Date;
  issueDelayMs: number;
  deleteDelayMs: number;
  onEvent: (event: SeamFakeEvent) => void;
}

export interface RequestedMethodInput {
  mode: string;
  code?: string | undefined;
  instant_key_max_use_count?: number | undefined;
}

export class GrantLifecycle {
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly o: LifecycleOptions) {}

  private iso(): string {
    return this.o.now().toISOString();
  }

  emit(workspaceId: string, eventType: string, fields: Record<string, unknown>): void {
    const at = this.iso();
    const event: SeamFakeEvent = { event_id: randomUUID(), event_type: eventType, workspace_id: workspaceId, created_at: at, occurred_at: at, ...fields };
    this.o.state.events.push(event);
    this.o.onEvent(event);
  }

  /** One access method per requested mode, added to the grant and scheduled for issuing. */
  addAccessMethods(grant: AccessGrantRecord, requested: RequestedMethodInput[]): void {
    const mobileKeys = requested.filter((r) => r.mode === 'mobile_key').length + grant.requested_access_methods.filter((r) => r.mode === 'mobile_key').length;
    for (const r of requested) {
      const method: AccessMethodRecord = {
        access_method_id: randomUUID(),
        workspace_id: grant.workspace_id,
        access_grant_id: grant.access_grant_id,
        mode: r.mode,
        display_name: DISPLAY_NAMES[r.mode] ?? 'Access Method',
        created_at: this.iso(),
        issued_at: null,
        is_issued: false,
        warnings: [],
        errors: [],
        pending_mutations: [],
      };
      if (r.mode === 'code') method.code = r.code ?? String(randomInt(0, 10_000)).padStart(4, '0');
      if (r.mode === 'mobile_key') {
        method.client_session_token = `seam_cst_fake${randomBytes(12).toString('hex')}`;
        grant.client_session_token = method.client_session_token;
        // Seam sets instant_key_url only when the grant asks for exactly one mobile key.
        if (mobileKeys === 1) {
          method.instant_key_url = `https://ik.seam.co/${randomBytes(6).toString('hex').toUpperCase()}`;
          grant.instant_key_url = method.instant_key_url;
        }
      }
      const deviceIds = this.o.state.devicesOf(grant).map((d) => d.device_id);
      method.pending_mutations.push({
        mutation_code: 'provisioning_access',
        message: 'Provisioning access to the devices of the access grant.',
        created_at: this.iso(),
        from: { device_ids: [] },
        to: { device_ids: deviceIds },
      });
      const entry: RequestedAccessMethodRecord = {
        display_name: method.display_name,
        mode: r.mode,
        code: r.code,
        instant_key_max_use_count: r.instant_key_max_use_count,
        created_at: method.created_at,
        created_access_method_ids: [method.access_method_id],
      };
      grant.requested_access_methods.push(entry);
      grant.access_method_ids.push(method.access_method_id);
      this.o.state.accessMethods.set(method.access_method_id, method);
      this.emit(grant.workspace_id, 'access_method.created', methodEventFields(grant, method));
      this.later(this.o.issueDelayMs, () => this.issue(grant.access_grant_id, method.access_method_id));
    }
  }

  private issue(accessGrantId: string, accessMethodId: string): void {
    const grant = this.o.state.accessGrants.get(accessGrantId);
    const method = this.o.state.accessMethods.get(accessMethodId);
    if (!grant || !method || method.is_issued || method.errors.length > 0) return;
    method.pending_mutations = [];
    if (method.mode === 'code') {
      const devices = this.o.state.devicesOf(grant);
      const noKeypad = devices.filter((d) => !d.can_program_codes);
      const reachable = devices.length - noKeypad.length + this.o.state.entrancesOf(grant).length;
      if (noKeypad.length > 0 && reachable === 0) {
        const message = 'A PIN code cannot be created: none of the devices of this access grant has a keypad.';
        method.errors.push({ error_code: 'failed_to_issue', message, created_at: this.iso() });
        grant.errors.push({ error_code: 'cannot_create_requested_access_methods', message, created_at: this.iso(), missing_device_ids: noKeypad.map((d) => d.device_id) });
        this.emit(grant.workspace_id, 'access_method.failed_to_issue', methodEventFields(grant, method));
        this.emit(grant.workspace_id, 'access_grant.could_not_create_requested_access_methods', {
          access_grant_id: grant.access_grant_id,
          error_message: message,
          missing_device_ids: noKeypad.map((d) => d.device_id),
        });
        return;
      }
      for (const d of noKeypad) {
        grant.warnings.push({
          warning_code: 'device_does_not_support_access_codes',
          message: `Device ${d.name} has no keypad; the PIN code works on the other doors only.`,
          created_at: this.iso(),
          device_id: d.device_id,
        });
      }
    }
    method.is_issued = true;
    method.issued_at = this.iso();
    this.emit(grant.workspace_id, 'access_method.issued', { ...methodEventFields(grant, method), ...(method.code ? { code: method.code } : {}) });
    const methods = this.o.state.accessMethodsOf(grant.access_grant_id);
    if (methods.every((m) => m.is_issued)) this.emit(grant.workspace_id, 'access_grant.access_granted_to_all_doors', { access_grant_id: grant.access_grant_id });
  }

  /** Marks a grant `being_deleted` and removes it after `deleteDelayMs` (at once for 0). */
  deleteGrant(grant: AccessGrantRecord): void {
    if (grant.warnings.some((w) => w.warning_code === 'being_deleted')) return;
    if (this.o.deleteDelayMs <= 0) {
      this.removeGrant(grant.access_grant_id);
      return;
    }
    const warning = { warning_code: 'being_deleted', message: 'This access grant is being deleted.', created_at: this.iso() };
    grant.warnings.push(warning);
    for (const m of this.o.state.accessMethodsOf(grant.access_grant_id)) m.warnings.push({ ...warning, message: 'This access method is being deleted.' });
    this.later(this.o.deleteDelayMs, () => this.removeGrant(grant.access_grant_id));
  }

  removeGrant(accessGrantId: string): boolean {
    const grant = this.o.state.accessGrants.get(accessGrantId);
    if (!grant) return false;
    for (const m of this.o.state.accessMethodsOf(accessGrantId)) this.removeMethod(grant, m);
    this.o.state.accessGrants.delete(accessGrantId);
    this.emit(grant.workspace_id, 'access_grant.deleted', { access_grant_id: accessGrantId });
    return true;
  }

  removeMethod(grant: AccessGrantRecord, method: AccessMethodRecord): void {
    this.o.state.accessMethods.delete(method.access_method_id);
    grant.access_method_ids = grant.access_method_ids.filter((id) => id !== method.access_method_id);
    if (method.is_issued) this.emit(grant.workspace_id, 'access_method.revoked', methodEventFields(grant, method));
    this.emit(grant.workspace_id, 'access_method.deleted', methodEventFields(grant, method));
  }

  private later(ms: number, fn: () => void): void {
    if (this.disposed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function methodEventFields(grant: AccessGrantRecord, method: AccessMethodRecord): Record<string, unknown> {
  return {
    access_method_id: method.access_method_id,
    access_grant_ids: [grant.access_grant_id],
    ...(grant.access_grant_key ? { access_grant_keys: [grant.access_grant_key] } : {}),
  };
}
