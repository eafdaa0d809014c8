/**
 * One decision for one access, inside one store unit: record the outcome of the provider write
 * just made (if any), settle the grants it satisfied, and pick the next write (claiming the access
 * for it) or release the access when the provider holds what the claims add up to. Because each
 * decision is one unit, a process killed at any point leaves either the decision and its events,
 * or neither.
 */
import { canTransition, TERMINAL_STATUSES, type GrantStatus } from '../domain/status.js';
import { AbortError } from '../errors.js';
import type { AccessRecord, GrantRecord } from '../store/types.js';
import type { ProviderState } from './adapter.js';
import { describeError, policyOf, type ServiceContext, type Unit } from './context.js';
import { claims, isLeaving, nextStep, roleKeysOf, satisfied, union, type AccessPolicy, type Step } from './plan.js';
import type { StepOutcome } from './step.js';

export type Next =
  | { kind: 'step'; access: AccessRecord; step: Step }
  | { kind: 'done' }
  /** Another process holds the access. */
  | { kind: 'busy' }
  /** Stopped on an error that leaves the work for a later attempt (the access is due then). */
  | { kind: 'stopped'; error: unknown };

export interface AdvanceInput {
  /** The write just made under our claim, and what came of it. */
  done?: { step: Step; outcome: StepOutcome } | undefined;
  /** Re-read the provider before anything else (refresh, drift check). */
  read?: boolean | undefined;
  /** The access (and, when known, all its open grants) as this unit already read or wrote them. */
  preloaded?: { access: AccessRecord; grants?: GrantRecord[] | undefined } | undefined;
  notes: DriveNotes;
}

/** What a drive did to grants, filled in unit by unit. */
export interface DriveNotes {
  /** Grants a refusal failed, with the provider's error. */
  failed: Map<string, unknown>;
  /** Grants whose operation completed (created, changed, revoked, expired). */
  settled: Set<string>;
  /** Grants ended because the provider no longer holds what they claim. */
  drifted: Set<string>;
  /** Grants still waiting when the drive stopped on an error. */
  waiting: Set<string>;
  /** The newest version of each grant the drive wrote (a caller's own result, without a read). */
  records: Map<string, GrantRecord>;
}

export function newNotes(): DriveNotes {
  return { failed: new Map(), settled: new Set(), drifted: new Set(), waiting: new Set(), records: new Map() };
}

/** Longest wait between attempts of a failing access, in ms. */
const MAX_BACKOFF_MS = 5 * 60_000;

export async function advance(u: Unit, ctx: ServiceContext, accessId: string, input: AdvanceInput): Promise<Next> {
  const stored = input.preloaded?.access ?? (await u.getAccess(accessId));
  if (!stored) return { kind: 'done' };
  const access = { ...stored };
  const now = ctx.clock();
  const mine = access.leaseOwner === ctx.owner;
  if (input.done) {
    // Our claim ran out and someone else holds the access now: they will look at the provider
    // before writing (the intent is still set), so our result is theirs to find.
    if (!mine) return { kind: 'busy' };
  } else if (!mine && access.leaseOwner !== null && (access.leaseUntil ?? 0) > now.getTime()) {
    return { kind: 'busy' };
  }
  const policy = policyOf(ctx, access.provider);
  const grants = input.preloaded?.grants ?? (await u.openGrantsOf(accessId));
  const changed = new Set<GrantRecord>();
  const put = (g: GrantRecord) => changed.add(g);

  let createdNow = false;
  if (input.done) {
    const { step, outcome } = input.done;
    if (step.kind === 'resolve' && step.after !== undefined && !(outcome.ok && outcome.state)) {
      // Looked right after a failed create and found nothing (or could not look): the failure
      // stands, the intent stays.
      return stop(u, stored, access, grants, step.after, now, changed, input.notes);
    }
    if (!outcome.ok && step.kind === 'create' && !outcome.refused && !(outcome.error instanceof AbortError)) {
      // The create may have landed before it failed (a lost reply, then a failing read-back):
      // look once, right away, instead of leaving a live grant untracked until the next sweep.
      return claimFor(u, ctx, stored, access, { kind: 'resolve', after: outcome.error }, changed, now, input.notes);
    }
    if (outcome.ok) {
      if (step.kind === 'read') applyRead(u, ctx, access, grants, policy, put, now, outcome.state, input.notes);
      else createdNow = applySuccess(ctx, access, step, outcome.state, outcome.adopted, now);
    } else if (outcome.refused && (step.kind === 'create' || step.kind === 'update')) {
      const refused = refuseJoiners(u, access, grants, policy, outcome.error, input.notes.failed, now);
      access.pendingOp = null;
      if (refused.length === 0) return stop(u, stored, access, grants, outcome.error, now, changed, input.notes);
      refused.forEach(put);
    } else {
      return stop(u, stored, access, grants, outcome.error, now, changed, input.notes);
    }
  }

  const settle = (g: GrantRecord) => {
    put(g);
    input.notes.settled.add(g.id);
  };
  settleJoiners(u, access, grants, policy, createdNow, settle, now);

  let step: Step | 'ended' | null;
  if (!input.done && access.externalId !== null && access.pendingOp !== null && access.pendingOp !== 'create') {
    // A write whose outcome nobody recorded (a crash, a lost reply): what we think the provider
    // holds may be wrong, so read it before deciding anything.
    step = { kind: 'read' };
  } else if (input.read && !input.done && access.externalId !== null && access.pendingOp === null) {
    step = { kind: 'read' };
  } else {
    step = nextStep(access, open(grants), policy);
  }
  if (step === 'ended') {
    // The provider ends the access itself when the window closes (Seam): nothing to call.
    access.state = 'absent';
    access.applied = {};
    access.checkAt = null;
    step = nextStep(access, open(grants), policy);
  }
  if (step === null || step === 'ended') {
    settleLeavers(u, access, open(grants), policy, settle, now);
    Object.assign(access, { pendingOp: null, attempts: 0, leaseOwner: null, leaseUntil: null, dueAt: null });
    save(u, input.notes, stored, access, changed, now);
    return { kind: 'done' };
  }
  return claimFor(u, ctx, stored, access, step, changed, now, input.notes);
}

/** Claims the access for the next write: the intent is written before the provider is called. */
function claimFor(u: Unit, ctx: ServiceContext, stored: AccessRecord, access: AccessRecord, step: Step, changed: Set<GrantRecord>, now: Date, notes: DriveNotes): Next {
  if (step.kind === 'create' || step.kind === 'update' || step.kind === 'remove') access.pendingOp = step.kind;
  if (step.kind === 'resolve') access.pendingOp = 'create';
  access.leaseOwner = ctx.owner;
  access.leaseUntil = now.getTime() + ctx.leaseMs;
  // If this process dies holding the claim, the access is due again when the claim runs out.
  access.dueAt = access.leaseUntil;
  save(u, notes, stored, access, changed, now);
  return { kind: 'step', access, step };
}

/** Grants still open after this unit's changes (terminal ones drop out). */
function open(grants: GrantRecord[]): GrantRecord[] {
  return grants.filter((g) => !TERMINAL_STATUSES.includes(g.status));
}

/** Records a successful write on the access. True when it created the access for its claims. */
function applySuccess(ctx: ServiceContext, access: AccessRecord, step: Exclude<Step, { kind: 'read' }>, state: ProviderState | null, adopted: boolean, now: Date): boolean {
  const checkAt = now.getTime() + ctx.driftIntervalMs;
  // The write is done: its intent is resolved and the access's failed attempts start over.
  access.pendingOp = null;
  access.attempts = 0;
  switch (step.kind) {
    case 'create':
    case 'resolve':
      if (!state) {
        access.state = 'absent';
        return false;
      }
      access.externalId = state.externalId;
      access.state = 'held';
      access.details = { ...state.details };
      access.checkAt = checkAt;
      access.applied = {
        roleKeys: state.roleKeys ?? (step.kind === 'create' ? step.roleKeys : undefined),
        // What we asked for, not the read-back: Seam fills a missing start in with "now".
        startsAt: step.kind === 'create' ? (step.window?.startsAt ?? null) : null,
        endsAt: step.kind === 'create' ? (step.window?.endsAt ?? null) : null,
        status: state.status,
      };
      if (adopted) access.adopted = { at: now.toISOString(), ...(state.roleKeys ? { roleKeys: [...state.roleKeys] } : {}) };
      return step.kind === 'create' && !adopted;
    case 'update':
      access.applied = {
        ...access.applied,
        ...(step.changes.roleKeys ? { roleKeys: step.changes.roleKeys } : {}),
        ...(step.changes.startsAt !== undefined ? { startsAt: step.changes.startsAt } : {}),
        ...(step.changes.endsAt !== undefined ? { endsAt: step.changes.endsAt } : {}),
        ...(state ? { status: state.status } : {}),
      };
      if (state) access.details = { ...state.details };
      return false;
    case 'remove':
      access.state = state?.status === 'revoking' ? 'removing' : 'absent';
      access.applied = {};
      access.adopted = null;
      if (state) access.details = { ...state.details };
      access.checkAt = access.state === 'removing' ? checkAt : null;
      return false;
  }
}

/**
 * What a re-read of the provider means for the access and its grants. Gone (or revoked or expired
 * there) ends every claim as drift; ZITADEL role keys removed outside grantkit end the claims that
 * needed them, and keys added outside grantkit are kept as adopted (grantkit never takes away what
 * it did not give); Seam grants follow their access's status (pending until issued, then active).
 */
function applyRead(
  u: Unit,
  ctx: ServiceContext,
  access: AccessRecord,
  grants: GrantRecord[],
  policy: AccessPolicy,
  put: (g: GrantRecord) => void,
  now: Date,
  state: ProviderState | null,
  notes: DriveNotes,
): void {
  const stamp = now.toISOString();
  const drift = (g: GrantRecord, observed: GrantStatus, detail: string) => {
    const to: GrantStatus = canTransition(g.status, observed) ? observed : 'revoked';
    Object.assign(g, { status: to, pendingOp: null, pendingArgs: null, updatedAt: stamp });
    if (to === 'revoked') g.revokedAt = stamp;
    else g.expiredAt = stamp;
    u.emit(g, 'drift_detected', { detail });
    put(g);
    notes.drifted.add(g.id);
  };
  const claiming = grants.filter((g) => claims(g, access, policy) && g.pendingOp === null);
  if (state === null || state.status === 'revoked' || state.status === 'expired') {
    const observed: GrantStatus = state?.status === 'expired' ? 'expired' : 'revoked';
    Object.assign(access, { state: 'absent', applied: {}, adopted: null, checkAt: null, pendingOp: null });
    access.details = state ? { ...state.details } : { ...access.details, goneAtProvider: true };
    for (const g of claiming) drift(g, observed, state ? `the provider shows it ${state.status}` : 'the access is gone at the provider');
    return;
  }
  access.externalId = state.externalId;
  access.details = { ...state.details };
  access.checkAt = now.getTime() + ctx.driftIntervalMs;
  access.pendingOp = null;
  if (state.status === 'revoking') {
    access.state = 'removing';
    return;
  }
  access.state = 'held';
  access.applied = { ...access.applied, status: state.status };
  if (policy.roleKeys && state.roleKeys) {
    const observed = new Set(state.roleKeys);
    // Keys any open grant asked for are ours (a joiner's, or a leaver's not yet taken away).
    const claimed = new Set(open(grants).flatMap(roleKeysOf));
    const kept = (access.adopted?.roleKeys ?? []).filter((k) => observed.has(k));
    const outside = state.roleKeys.filter((k) => !claimed.has(k) && !kept.includes(k));
    if (access.adopted || outside.length > 0) access.adopted = { at: access.adopted?.at ?? stamp, roleKeys: union([...kept, ...outside]) };
    access.applied.roleKeys = [...state.roleKeys];
    for (const g of claiming) {
      const missing = roleKeysOf(g).filter((k) => !observed.has(k));
      if (missing.length > 0) drift(g, 'revoked', `role keys removed at the provider: ${missing.join(', ')}`);
    }
  }
  for (const g of claiming) {
    if (g.status === 'revoked') continue;
    const details = { ...g.details, ...access.details };
    // Seam grants follow their access's status: pending until every method is issued, then active.
    const follows = !policy.shared && g.status !== state.status && canTransition(g.status, state.status);
    if (!follows && JSON.stringify(details) === JSON.stringify(g.details)) continue;
    const from = g.status;
    Object.assign(g, { details, updatedAt: stamp, ...(follows ? { status: state.status } : {}) });
    if (follows) u.emit(g, 'updated', { requestId: state.requestId, detail: `provider state moved from ${from} to ${state.status}` });
    put(g);
  }
}

/** Joiners whose create or change the provider refused: they fail, and no other grant is touched. */
function refuseJoiners(u: Unit, access: AccessRecord, grants: GrantRecord[], policy: AccessPolicy, error: unknown, failed: Map<string, unknown>, now: Date): GrantRecord[] {
  const stamp = now.toISOString();
  const out: GrantRecord[] = [];
  for (const g of grants) {
    if ((g.pendingOp !== 'create' && g.pendingOp !== 'update') || !claims(g, access, policy) || satisfied(g, access, policy)) continue;
    if (g.pendingOp === 'update') {
      // The change never happened: the grant keeps what it had.
      const previous = (g.pendingArgs ?? {}) as { previous?: { target: GrantRecord['target']; window: GrantRecord['window']; request: GrantRecord['request'] } };
      if (previous.previous) Object.assign(g, previous.previous);
      Object.assign(g, { pendingOp: null, pendingArgs: null, updatedAt: stamp, details: { ...g.details, failure: failureOf(error, now) } });
      u.emit(g, 'updated', { outcome: 'failure', detail: describeError(error) });
    } else {
      Object.assign(g, { status: 'failed', pendingOp: null, pendingArgs: null, updatedAt: stamp, details: { ...g.details, failure: failureOf(error, now) } });
      u.emit(g, 'failed', { outcome: 'failure', detail: describeError(error) });
    }
    failed.set(g.id, error);
    out.push(g);
  }
  return out;
}

/** Claims the provider now holds are settled: their create or change is done. */
function settleJoiners(u: Unit, access: AccessRecord, grants: GrantRecord[], policy: AccessPolicy, createdNow: boolean, put: (g: GrantRecord) => void, now: Date): void {
  const stamp = now.toISOString();
  let creator = createdNow;
  for (const g of grants) {
    if ((g.pendingOp !== 'create' && g.pendingOp !== 'update') || !claims(g, access, policy) || !satisfied(g, access, policy, grants)) continue;
    const op = g.pendingOp;
    const status: GrantStatus = policy.shared ? 'active' : (access.applied.status ?? 'active');
    const heldBy = op === 'create' && !creator ? (access.adopted ? 'adopted' : 'another grant') : undefined;
    const outcome = op === 'create' ? (creator ? 'created' : 'existing') : (g.details.outcome as string | undefined);
    if (op === 'create') creator = false;
    Object.assign(g, {
      status: canTransition(g.status, status) ? status : g.status,
      externalId: access.externalId,
      details: { ...g.details, ...access.details, ...(outcome ? { outcome } : {}) },
      pendingOp: null,
      pendingArgs: null,
      updatedAt: stamp,
    });
    u.emit(g, op === 'create' ? 'created' : 'updated', {
      actor: op === 'create' ? g.requestedBy : undefined,
      detail: heldBy ? `the access was already held (${heldBy}); nothing was created` : op === 'update' ? 'changed at the provider' : undefined,
    });
    put(g);
  }
}

/** Grants letting go are done once the provider holds what the remaining claims add up to. */
function settleLeavers(u: Unit, access: AccessRecord, grants: GrantRecord[], policy: AccessPolicy, put: (g: GrantRecord) => void, now: Date): void {
  const stamp = now.toISOString();
  const keeper = access.state === 'held' ? (grants.find((g) => claims(g, access, policy))?.id ?? (access.adopted ? 'adopted' : undefined)) : undefined;
  for (const g of grants) {
    if (isLeaving(g)) {
      const expire = g.pendingOp === 'expire';
      const args = (g.pendingArgs ?? {}) as { reason?: string; requestedBy?: string };
      const status: GrantStatus = expire ? 'expired' : access.state === 'removing' ? 'revoking' : 'revoked';
      Object.assign(g, { status, pendingOp: null, pendingArgs: null, updatedAt: stamp, externalId: g.externalId ?? access.externalId, details: { ...g.details, ...access.details } });
      if (expire) g.expiredAt = stamp;
      else if (status === 'revoked') g.revokedAt = stamp;
      if (!expire && args.reason) g.reason = args.reason;
      if (keeper) g.keptBy = keeper;
      u.emit(g, expire ? 'expired' : 'revoked', {
        actor: expire ? 'system' : args.requestedBy,
        reason: expire ? 'window ended' : args.reason,
        keptBy: keeper,
        detail: keeper
          ? `the access stays: ${keeper === 'adopted' ? 'it was held before grantkit' : `still claimed by ${keeper}`}; nothing was changed at the provider`
          : status === 'revoking'
            ? 'the provider is deprovisioning'
            : expire && policy.nativeWindows
              ? 'window ended (enforced by the provider)'
              : undefined,
      });
      put(g);
    } else if (g.status === 'revoking' && g.pendingOp === null) {
      // Done once the provider finished, or once the access was created anew (a new provider grant
      // for a new claim): what is left of the old one is the provider's deprovisioning, not ours.
      const superseded = access.state === 'held' && g.externalId !== null && g.externalId !== access.externalId;
      if (access.state === 'absent' || superseded) {
        Object.assign(g, { status: 'revoked', revokedAt: stamp, updatedAt: stamp });
        u.emit(g, 'revoked', { detail: superseded ? 'the access was created anew at the provider' : 'the provider finished deprovisioning' });
        put(g);
      }
    }
  }
}

/**
 * The write failed without a refusal: its outcome may be unknown. The intent stays on the access
 * (the next holder looks before writing again), the claim is released, and the access is due
 * again after a backoff that grows with each failed attempt.
 */
function stop(
  u: Unit,
  stored: AccessRecord,
  access: AccessRecord,
  grants: GrantRecord[],
  error: unknown,
  now: Date,
  changed: Set<GrantRecord>,
  notes: DriveNotes,
): Next {
  access.attempts = Math.min(access.attempts + 1, 30);
  access.leaseOwner = null;
  access.leaseUntil = null;
  access.dueAt = now.getTime() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (access.attempts - 1));
  const waiting = grants.filter((g) => g.pendingOp !== null);
  for (const g of waiting) {
    const action = g.pendingOp === 'create' ? 'failed' : g.pendingOp === 'update' ? 'updated' : g.pendingOp === 'expire' ? 'expired' : 'revoked';
    u.emit(g, action, { outcome: 'failure', detail: `will retry: ${describeError(error)}` });
    notes.waiting.add(g.id);
  }
  save(u, notes, stored, access, changed, now);
  return { kind: 'stopped', error };
}

function save(u: Unit, notes: DriveNotes, before: AccessRecord, access: AccessRecord, changed: Set<GrantRecord>, now: Date): void {
  const stamp = now.toISOString();
  for (const g of changed) {
    const written = { ...g, version: g.version + 1 };
    u.putGrant(written);
    notes.records.set(written.id, written);
  }
  u.putAccess({ ...access, updatedAt: stamp, version: before.version + 1 });
}

/** What a refusal leaves on the grant (for a caller in another process, who did not see it). */
function failureOf(error: unknown, now: Date): { code: string; message: string; at: string } {
  const e = error as { code?: unknown } | null;
  return { code: typeof e?.code === 'string' ? e.code : 'internal_error', message: describeError(error), at: now.toISOString() };
}
