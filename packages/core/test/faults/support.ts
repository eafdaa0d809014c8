/** What the fault runs share: the seeded PRNG, a capturing logger, and the secret scan. */
import { expect } from 'vitest';
import type { GrantkitLogger } from '../../src/index.js';

/** The seeded PRNG every fault run uses (one home: @grantkit/testing). */
export { seededRandom as prng } from '@grantkit/testing';

/** The seed of a run: `<NAME>` from the environment, else the default, printed so a failure can be replayed. */
export function seedFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const seed = raw === undefined ? fallback : Number(raw);
  console.log(`${name}=${seed} (set ${name} to replay or explore another run)`);
  return seed;
}

/** A logger that keeps every line it is given, as JSON text. */
export function capturingLogger(): GrantkitLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (data: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, message, ...data }));
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Every way an error can end up in a log: its string, its JSON, its stack. */
export function errorTexts(error: unknown): string[] {
  const e = error as { stack?: unknown };
  return [String(error), JSON.stringify(error) ?? '', typeof e?.stack === 'string' ? e.stack : ''];
}

/**
 * Fails when any secret (or, for a PEM key, any line of its body) appears in any text. Reports
 * where, never the secret itself.
 */
export function expectNoSecrets(texts: Iterable<string>, secrets: Record<string, string>): void {
  const needles: Array<[string, string]> = [];
  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, `secret ${name} is empty`).toBeGreaterThan(5);
    needles.push([name, secret]);
    if (secret.includes('\n')) {
      needles.push([`${name} (JSON-escaped)`, secret.replace(/\n/g, '\\n')]);
      for (const line of secret.split('\n')) if (line.length >= 24 && !line.startsWith('-----')) needles.push([`${name} (a line)`, line.trim()]);
    }
  }
  let scanned = 0;
  const leaks: string[] = [];
  for (const text of texts) {
    scanned++;
    for (const [name, needle] of needles) if (text.includes(needle)) leaks.push(`${name} in text #${scanned}: ${text.split(needle).join('<SECRET>').slice(0, 200)}`);
  }
  expect(leaks, `secrets found in ${leaks.length} of ${scanned} texts`).toEqual([]);
  expect(scanned).toBeGreaterThan(0);
}
