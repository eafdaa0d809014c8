/**
 * The driver: brings one access to what its claims add up to, one provider write at a time, under
 * a claim (lease) on the access in the store. Within a process, a second caller for the same
 * access joins the drive in flight instead of starting its own; across processes the claim keeps
 * them apart and the loser waits for the winner (or for its claim to run out, if it died).
 */
import { AbortError, AuthError, ConflictError, ForbiddenError, GrantkitError, NotFoundError, ProviderError, ValidationError } from '../errors.js';
import type { GrantRecord } from '../store/types.js';
import { advance, newNotes, type AdvanceInput, type DriveNotes, type Next } from './advance.js';
import { unit, type ServiceContext, type Unit } from './context.js';
import { performStep } from './step.js';

export interface DriveResult extends DriveNotes {
  /** The drive stopped on this error; the work is left for a later attempt (the access is due). */
  error?: unknown;
  /** Another process holds the access. */
  busy: boolean;
}

/** Provider writes per drive before the access is handed back to the sweep (a bound, not a goal). */
const MAX_STEPS = 12;

/**
 * Runs `change` in one unit and, unless this process is already driving the access, decides the
 * access's next write in that same unit and drives it. `result` is null when the change joined a
 * drive in flight (wait for it with `waitSettled`).
 */
export async function changeAndDrive<T>(
  ctx: ServiceContext,
  accessKey: string,
  change: (u: Unit) => Promise<{ value: T; accessId: string | null; preloaded?: AdvanceInput['preloaded'] }>,
  options: { signal?: AbortSignal | undefined; read?: boolean | undefined } = {},
): Promise<{ value: T; result: DriveResult | null }> {
  if (ctx.inflight.has(accessKey)) {
    const { value } = await unit(ctx, async (u) => {
      const changed = await change(u);
      if (changed.accessId !== null) await markOwed(u, ctx, changed.accessId);
      return changed;
    });
    return { value, result: null };
  }
  let finish!: (result: DriveResult) => void;
  ctx.inflight.set(accessKey, new Promise<DriveResult>((resolve) => (finish = resolve)));
  const notes = newNotes();
  let result: DriveResult = { ...notes, busy: false };
  try {
    const first = await unit(ctx, async (u) => {
      const { value, accessId, preloaded } = await change(u);
      const next: Next = accessId === null ? { kind: 'done' } : await advance(u, ctx, accessId, { read: options.read, preloaded, notes });
      return { value, accessId, next };
    });
    let next = first.next;
    for (let steps = 0; next.kind === 'step'; steps++) {
      const current = next;
      if (steps >= MAX_STEPS) {
        await unit(ctx, async (u) => handBack(u, ctx, current.access.id));
        break;
      }
      const outcome = await performStep(ctx, current.access, current.step, options.signal);
      next = await unit(ctx, (u) => advance(u, ctx, current.access.id, { done: { step: current.step, outcome }, notes }));
    }
    result = { ...notes, error: next.kind === 'stopped' ? next.error : undefined, busy: next.kind === 'busy' };
    return { value: first.value, result };
  } finally {
    ctx.inflight.delete(accessKey);
    finish(result);
  }
}

/** Drives an access with no change of our own (a sweep, a refresh, a waiting caller). */
export async function driveAccess(ctx: ServiceContext, accessKey: string, accessId: string, options: { signal?: AbortSignal | undefined; read?: boolean | undefined } = {}): Promise<DriveResult | null> {
  return (await changeAndDrive(ctx, accessKey, async () => ({ value: undefined, accessId }), options)).result;
}

/**
 * Drives an access; when a drive of this process is already in flight for it, waits for that
 * drive first and then drives once more. Joining alone is not enough for a sweep or a refresh: a
 * grant marked just after the in-flight drive made its last decision would be left waiting with
 * nothing due, and the drive in flight did not read the provider for a refresh.
 */
export async function driveJoining(
  ctx: ServiceContext,
  key: string,
  accessId: string,
  options: { read?: boolean | undefined } = {},
): Promise<DriveResult | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const running = ctx.inflight.get(key);
    if (running) {
      await running;
      continue;
    }
    const result = await driveAccess(ctx, key, accessId, options);
    if (result !== null) return result;
  }
  return null;
}

/**
 * Waits until the grant's own operation is settled and returns the grant. Throws the provider's
 * error when a refusal failed it, or when the drive stopped on an error before it was settled
 * (the grant then stays pending and a sweep finishes it).
 */
export async function waitSettled(ctx: ServiceContext, grantId: string, accessKey: string, first: DriveResult | null, signal?: AbortSignal): Promise<GrantRecord> {
  let result = first;
  const deadline = Date.now() + Math.max(2 * ctx.leaseMs, 5000);
  for (let attempt = 0; ; attempt++) {
    const failure = result?.failed.get(grantId);
    if (failure !== undefined) throw failure;
    // The drive's own write of our grant, when it settled it, saves a read.
    const written = result?.records.get(grantId);
    const grant = written && written.pendingOp === null ? written : await ctx.store.getGrant(grantId);
    if (!grant) throw new NotFoundError(`No grant with id "${grantId}".`);
    if (grant.pendingOp === null) {
      // Failed by a refusal another process saw: rethrow it as the typed error it was.
      if (grant.status === 'failed' && grant.details.failure) throw errorFromFailure(grant);
      return grant;
    }
    if (result?.error !== undefined) throw result.error;
    if (signal?.aborted) throw new AbortError('The call was aborted; the grant stays pending and a sweep finishes it.');
    const running = ctx.inflight.get(accessKey);
    if (running) {
      // Joined a drive of this process: its outcome tells whether our grant was refused.
      const joined = await running;
      // Another caller's abort is not ours: keep going on our own.
      result = joined.error instanceof AbortError ? { ...joined, error: undefined } : joined;
      continue;
    }
    if (result?.busy) {
      if (Date.now() > deadline) {
        throw new ConflictError(`Grant ${grantId} is still being worked on by another process; it stays pending and is finished there or by a sweep.`, { retryable: true });
      }
      await new Promise((r) => setTimeout(r, Math.min(250, 5 * 1.5 ** attempt)));
    }
    result = await driveAccess(ctx, accessKey, grant.accessId, { signal });
  }
}

/**
 * The access owes work from now on. Every unit that gives a grant an operation and does not decide
 * the access in the same unit calls this: if the process dies before it drives the access, a sweep
 * still finds it (an idle access is never due by itself). Under a live claim it is left alone: the
 * holder decides again after its write, in a later unit, and sees the grant then; if the holder
 * dies, the access is due when its claim runs out.
 */
export async function markOwed(u: Unit, ctx: ServiceContext, accessId: string): Promise<void> {
  const access = await u.getAccess(accessId);
  const now = ctx.clock().getTime();
  if (!access) return;
  if (access.leaseOwner !== null && (access.leaseUntil ?? 0) > now) return;
  if (access.dueAt !== null && access.dueAt <= now) return;
  u.putAccess({ ...access, dueAt: now, version: access.version + 1 });
}

/** Over the step bound: release the claim and leave the rest to the next sweep, right away. */
async function handBack(u: Unit, ctx: ServiceContext, accessId: string): Promise<void> {
  const access = await u.getAccess(accessId);
  if (!access || access.leaseOwner !== ctx.owner) return;
  u.putAccess({ ...access, leaseOwner: null, leaseUntil: null, dueAt: ctx.clock().getTime(), version: access.version + 1 });
}

/** A refusal recorded by another process, as the typed error this process would have thrown. */
function errorFromFailure(grant: GrantRecord): GrantkitError {
  const failure = (grant.details.failure ?? {}) as { code?: string; message?: string };
  const message = `Grant ${grant.id} failed: ${failure.message ?? 'the provider refused it'}`;
  const options = { provider: grant.provider };
  switch (failure.code) {
    case 'validation_error':
      return new ValidationError(message, [], options);
    case 'not_found':
      return new NotFoundError(message, options);
    case 'forbidden':
      return new ForbiddenError(message, options);
    case 'auth_error':
      return new AuthError(message, options);
    default:
      return new ProviderError(message, options);
  }
}
