/**
 * Seam has no Idempotency-Key header (providers.md §3.6); `access_grant_key` is unique per
 * workspace, so it is what makes a retried create safe. This is how a caller's idempotency key
 * becomes that access_grant_key.
 */
import { createHash, randomBytes } from 'node:crypto';

export const ACCESS_GRANT_KEY_PREFIX = 'gk_';

/**
 * `gk_` + the first 32 characters of base64url(SHA-256(idempotencyKey)): deterministic (the same
 * idempotency key always gives the same access_grant_key, across processes and releases),
 * URL-safe, 35 characters, and it does not reveal the idempotency key. 192 bits of the hash make
 * an accidental collision between two different keys negligible.
 */
export function deriveAccessGrantKey(idempotencyKey: string): string {
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('base64url');
  return ACCESS_GRANT_KEY_PREFIX + digest.slice(0, 32);
}

/** A fresh key for a create without one, so even that create can be read back after a lost reply. */
export function randomAccessGrantKey(): string {
  return ACCESS_GRANT_KEY_PREFIX + randomBytes(24).toString('base64url');
}
