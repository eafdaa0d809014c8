/**
 * The Grantkit service: one grant model across the configured providers. This class is the public
 * face; each operation lives in its own module (create, update, revoke, sweep) over a shared
 * ServiceContext.
 */
import type { AccessView } from '../domain/access.js';
import type { Grant, GrantEvent, GrantOf, GrantResult } from '../domain/grant.js';
import { listFilterSchema, type ListFilterInput } from '../domain/filter.js';
import type { GrantRequestInputOf, GrantUpdateInput, RevokeOptionsInput } from '../domain/request.js';
import { parseOrThrow } from '../domain/validate.js';
import { NotFoundError, type ProviderName } from '../errors.js';
import { renderRedacted } from '../http/redact.js';
import { decodeCursor, encodeCursor, Paginator } from '../pagination/paginator.js';
import type { ProviderCapabilities } from './adapter.js';
import { load, type ServiceContext } from './context.js';
import { grant, type GrantCallOptions } from './create.js';
import { toAccessView, toGrant } from './records.js';
import { revoke, revokeAll, type RevokeAllReport } from './revoke.js';
import { Scheduler } from './scheduler.js';
import { resolveSchedulerOptions, type SchedulerOptions } from './scheduler-options.js';
import { refresh, sweep, type SweepOptions, type SweepReport } from './sweep.js';
import { update } from './update.js';

export type { SchedulerOptions } from './scheduler-options.js';

/**
 * The service. Parameters are typed from the zod schemas that validate them (a request is a union
 * on `provider`), and every method still validates its arguments at run time exactly as strictly,
 * so a JavaScript caller or an HTTP body gets a `ValidationError` naming the field, never a
 * TypeError. To hand over data you have not checked (a parsed JSON body), cast it to the input
 * type (`body as GrantRequestInput`): the run-time check is the real one.
 */
export class Grantkit {
  #scheduler: Scheduler | undefined;
  #running: Promise<unknown> | undefined;
  #closed = false;

  /** @internal use createGrantkit() */
  // #private: the context holds the provider clients and the store, which a log line or an error
  // reporter serialising a Grantkit must never reach; it renders as the summary below instead.
  readonly #ctx: ServiceContext;
  readonly #schedulerOptions: SchedulerOptions;

  constructor(ctx: ServiceContext, schedulerOptions: SchedulerOptions = {}) {
    // Checked here so that a bad `scheduler` option fails createGrantkit, not a later start.
    resolveSchedulerOptions(schedulerOptions);
    this.#ctx = ctx;
    this.#schedulerOptions = schedulerOptions;
    renderRedacted(this, 'Grantkit', () => ({ providers: Object.keys(ctx.adapters).sort(), store: ctx.store.constructor.name }));
  }

  /**
   * Grants access. The same `idempotencyKey` returns the first result without calling the provider
   * again. The request's `provider` decides its `subject`, `target` and extra fields, and the
   * result's grant has that provider's type (`GrantOf<P>`).
   */
  grant<P extends Grant['provider']>(request: GrantRequestInputOf<P>, options?: GrantCallOptions): Promise<GrantResult<GrantOf<P>>> {
    // The service returns the grant of the request's provider: its subject and target are the request's.
    return grant(this.#ctx, request, options) as Promise<GrantResult<GrantOf<P>>>;
  }

  /** Reads a grant from the store (use `refresh` to re-read the provider). */
  async get(id: string): Promise<Grant> {
    return toGrant(await load(this.#ctx, id));
  }

  /** Reads an access (what the provider holds for `Grant.accessId`) and the grants claiming it. */
  async getAccess(accessId: string): Promise<AccessView> {
    const access = typeof accessId === 'string' && accessId.length <= 100 ? await this.#ctx.store.getAccess(accessId) : null;
    if (!access) throw new NotFoundError(`No access with id "${String(accessId).slice(0, 100)}".`);
    const claimedBy: string[] = [];
    for await (const g of this.list({ accessId: access.id, status: ['pending', 'active'] })) claimedBy.push(g.id);
    return toAccessView(access, claimedBy);
  }

  /**
   * Lists grants from the store, newest last. Returns a Paginator: `firstPage()` for one page with
   * an opaque `nextCursor`, `for await` for every item, `toArray({ limit })` with a hard cap.
   * Filtering on `provider` types the items as that provider's grants.
   */
  list<P extends Grant['provider'] = Grant['provider']>(filter: ListFilterInput<P> = {}): Paginator<GrantOf<P>> {
    const f = parseOrThrow(listFilterSchema, filter ?? {}, 'list filter');
    const statuses = f.status === undefined ? undefined : Array.isArray(f.status) ? f.status : [f.status];
    const fetchPage = async (cursor: string | null) => {
      const after = cursor ? decodeCursor<{ after?: unknown }>(cursor).after : undefined;
      const page = await this.#ctx.store.list({
        provider: f.provider,
        statuses,
        userId: f.userId,
        userIdentityId: f.userIdentityId,
        externalId: f.externalId,
        personId: f.personId,
        accessId: f.accessId,
        limit: f.limit ?? 50,
        after: typeof after === 'string' ? after : undefined,
      });
      // The store filtered on f.provider, so every item is a grant of P.
      return { items: page.items.map(toGrant) as GrantOf<P>[], nextCursor: page.nextAfter ? encodeCursor({ after: page.nextAfter }) : null };
    };
    return new Paginator(fetchPage, f.cursor ?? null);
  }

  /** Moves the window (every provider; `null` clears a bound) or replaces ZITADEL role keys. */
  update(id: string, changes: GrantUpdateInput): Promise<Grant> {
    return update(this.#ctx, id, changes);
  }

  /**
   * Takes the grant's access away, unless another grant still claims it: then nothing changes at
   * the provider and the revoked grant names the grant that keeps it (`keptBy`). Revoking a
   * revoked or expired grant is a success that changes nothing.
   */
  revoke(id: string, options?: RevokeOptionsInput): Promise<Grant> {
    return revoke(this.#ctx, id, options);
  }

  /**
   * Revokes every grant of one person (`personId` of their grant requests) across all providers and
   * reports grant by grant: revoked, kept (another grant still claims the access), ended before, or
   * failed with the typed error (the intent stays; a sweep retries). Safe to call again.
   */
  revokeAll(person: { personId: string }, options?: RevokeOptionsInput): Promise<RevokeAllReport> {
    return revokeAll(this.#ctx, person, options);
  }

  /** Re-reads the grant at the provider and records any change made there (drift). */
  refresh(id: string): Promise<Grant> {
    return refresh(this.#ctx, id);
  }

  /** The audit trail of one grant, oldest first. */
  async history(id: string): Promise<GrantEvent[]> {
    await load(this.#ctx, id);
    return this.#ctx.store.history(id);
  }

  /** Runs due work once: scheduled starts, expiries, interrupted operations, drift checks. Idempotent. */
  sweep(now: Date = this.#ctx.clock(), options: SweepOptions = this.#schedulerOptions): Promise<SweepReport> {
    const run = sweep(this.#ctx, now, options);
    this.#running = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts and ends access on time until `stop()`: a timer fires at the next due start or end
   * (re-armed by this process's writes, and re-read from the store every `pollMs`), works through
   * everything due with bounded concurrency, and a backstop round every `intervalMs` runs the
   * drift checks. Options override the `scheduler` settings given to createGrantkit; a bad one is
   * a ConfigError. Its timers do not keep the process alive. Calling it again while it runs does
   * nothing.
   */
  startScheduler(options: SchedulerOptions = {}): void {
    if (this.#scheduler || this.#closed) return;
    const scheduler = new Scheduler(this.#ctx, resolveSchedulerOptions({ ...this.#schedulerOptions, ...options }, 'startScheduler'));
    this.#scheduler = scheduler;
    this.#ctx.onDue = (at) => scheduler.onDue(at);
    scheduler.start();
  }

  /** Stops the scheduler and waits for the work it has in flight, and for a `sweep()` in progress. */
  async stop(): Promise<void> {
    const scheduler = this.#scheduler;
    this.#scheduler = undefined;
    this.#ctx.onDue = undefined;
    await Promise.all([scheduler?.stop(), this.#running]);
  }

  /** Stops the scheduler and closes the provider clients' pools and the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.stop();
    this.#closed = true;
    await Promise.all(Object.values(this.#ctx.adapters).map((a) => a?.close()));
    await this.#ctx.store.close();
  }

  /** The configured providers and what each can do. */
  capabilities(): ProviderCapabilities[] {
    return (Object.keys(this.#ctx.adapters) as ProviderName[]).sort().map((name) => this.#ctx.adapters[name]!.capabilities);
  }
}
