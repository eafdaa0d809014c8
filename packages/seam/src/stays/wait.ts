/**
 * `waitForIssued`: polls a stay until every access method is issued, or Seam reports it cannot
 * issue one (`failed_to_issue` on a method, `cannot_create_requested_access_methods` on the grant).
 */
import { AbortError, TimeoutError } from '@grantkit/core';
import type { SeamAccessGrant, SeamAccessMethod, SeamClient } from '@grantkit/core/seam';
import { StayIssueError } from '../errors.js';

export interface Issued {
  grant: SeamAccessGrant;
  methods: SeamAccessMethod[];
}

export async function waitForIssued(
  seam: SeamClient,
  accessGrantId: string,
  { timeoutMs, intervalMs, signal }: { timeoutMs: number; intervalMs: number; signal?: AbortSignal | undefined },
): Promise<Issued> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [grant, methods] = await Promise.all([
      seam.accessGrants.get({ accessGrantId }, { signal }),
      seam.accessMethods.list({ accessGrantId }, { signal }).toArray({ limit: 100 }),
    ]);
    const failure = issueFailure(grant, methods);
    if (failure) throw failure;
    const requested = Math.max(grant.requested_access_methods.length, 1);
    if (methods.length >= requested && methods.every((m) => m.is_issued)) return { grant, methods };
    const left = deadline - Date.now();
    if (left <= 0) {
      const pending = methods.filter((m) => !m.is_issued).map((m) => m.mode);
      throw new TimeoutError(
        `Seam did not issue ${pending.join(', ') || 'the access methods'} of stay ${accessGrantId} within ${timeoutMs} ms; the stay exists and is still pending (getStay reads it later).`,
        { provider: 'seam', outcomeUnknown: false },
      );
    }
    await sleep(Math.min(intervalMs, left), signal);
  }
}

export function issueFailure(grant: SeamAccessGrant, methods: SeamAccessMethod[]): StayIssueError | null {
  const failedMethods = methods.filter((m) => m.errors.some((e) => e.error_code === 'failed_to_issue'));
  const grantErrors = grant.errors.filter((e) => e.error_code === 'cannot_create_requested_access_methods');
  if (failedMethods.length === 0 && grantErrors.length === 0) return null;
  const deviceIds = [...new Set(grantErrors.flatMap((e) => (Array.isArray(e.missing_device_ids) ? e.missing_device_ids.filter((d): d is string => typeof d === 'string') : [])))];
  const modes = [...new Set(failedMethods.map((m) => m.mode))];
  const seamSays = grantErrors[0]?.message ?? failedMethods[0]?.errors.find((e) => e.error_code === 'failed_to_issue')?.message;
  const doors = deviceIds.length ? `the door(s) ${deviceIds.join(', ')} cannot take it` : 'Seam did not say which door refused it';
  return new StayIssueError(
    `Seam could not issue the ${modes.join(', ') || 'requested access method'} of stay ${grant.access_grant_id}${grant.reservation_key ? ` (reservation ${grant.reservation_key})` : ''}: ${doors}.${seamSays ? ` Seam: ${seamSays}` : ''} End the stay or grant it with another method.`,
    { stayId: grant.access_grant_id, failedModes: modes, failedDoors: deviceIds.map((deviceId) => ({ deviceId })) },
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
