import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A new URL-safe id: prefix, the creation time in base36, a per-process sequence (so ids made in
 * the same millisecond still sort in creation order), and 16 random base64url characters (96 bits).
 */
export function newId(prefix: 'gr' | 'ev' | 'ac'): string {
  const now = Date.now();
  if (now === lastMs) sequence++;
  else {
    lastMs = now;
    sequence = 0;
  }
  const time = now.toString(36).padStart(9, '0');
  const seq = sequence.toString(36).padStart(4, '0');
  return `${prefix}_${time}${seq}${randomBytes(12).toString('base64url')}`;
}

export const GRANT_ID_PATTERN = /^gr_[0-9a-z]{13}[A-Za-z0-9_-]{16}$/;
