/**
 * Runs one planned provider write for an access and reports what happened, without touching the
 * store: the driver records the outcome in the next unit. Errors are data here.
 */
import { AbortError } from '../errors.js';
import type { AccessRecord } from '../store/types.js';
import type { ProviderState } from './adapter.js';
import { adapterFor, isRefusal, type ServiceContext } from './context.js';
import type { Step } from './plan.js';

export type StepOutcome =
  | { ok: true; state: ProviderState | null; adopted: boolean }
  /** `refused`: the provider turned it down, nothing was applied. Otherwise the outcome may be unknown. */
  | { ok: false; error: unknown; refused: boolean };

export async function performStep(ctx: ServiceContext, access: AccessRecord, step: Step, signal?: AbortSignal): Promise<StepOutcome> {
  const adapter = adapterFor(ctx, access.provider);
  const context = { key: access.createKey, signal };
  try {
    switch (step.kind) {
      case 'create': {
        // After an unknown outcome, what the earlier attempt made is ours: look before creating again.
        const found = step.recover ? await adapter.find(access.request, context) : null;
        if (found) return { ok: true, state: found, adopted: false };
        const created = await adapter.create(access.request, { ...context, roleKeys: step.roleKeys, window: step.window, lookFirst: step.lookFirst });
        return { ok: true, state: created, adopted: created.outcome === 'adopted' };
      }
      case 'resolve':
        return { ok: true, state: await adapter.find(access.request, context), adopted: false };
      case 'read':
        return { ok: true, state: await adapter.read(ref(access)), adopted: false };
      case 'update':
        return { ok: true, state: await adapter.update(ref(access), step.changes), adopted: false };
      case 'remove':
        return { ok: true, state: await adapter.revoke(ref(access), step.options), adopted: false };
    }
  } catch (error) {
    return { ok: false, error, refused: !(error instanceof AbortError) && isRefusal(error) };
  }
}

function ref(access: AccessRecord) {
  return { externalId: access.externalId!, request: access.request };
}
