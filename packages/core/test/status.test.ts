import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRANT_STATUSES, GRANT_TRANSITIONS, InvalidTransitionError, assertTransition, canTransition, type GrantStatus } from '../src/index.js';

describe('status transitions', () => {
  it('rejects every transition the table does not list', () => {
    for (const from of GRANT_STATUSES) {
      for (const to of GRANT_STATUSES) {
        const allowed = from === to || GRANT_TRANSITIONS[from].includes(to);
        expect(canTransition(from, to)).toBe(allowed);
        if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
      }
    }
  });

  it('keeps revoked and expired final', () => {
    expect(GRANT_TRANSITIONS.revoked).toEqual([]);
    expect(GRANT_TRANSITIONS.expired).toEqual([]);
  });

  it('the README table says exactly what the code does', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Status and transitions'));
    const rows = section.split('\n').filter((l) => /^\| `/.test(l)).slice(0, 8);
    const fromReadme = new Map<GrantStatus, GrantStatus[]>();
    for (const row of rows) {
      const [from, to] = row.split('|').slice(1, 3).map((cell) => [...cell.matchAll(/`([a-z]+)`/g)].map((m) => m[1] as GrantStatus));
      for (const f of from!) fromReadme.set(f, to!);
    }
    const fromCode = new Map(GRANT_STATUSES.map((s) => [s, [...GRANT_TRANSITIONS[s]]]));
    expect(Object.fromEntries(fromReadme)).toEqual(Object.fromEntries(fromCode));
  });
});
