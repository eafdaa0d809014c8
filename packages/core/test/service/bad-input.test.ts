import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError, isGrantkitError } from '../../src/index.js';
import { requests, startHarness, type Harness } from './harness.js';

let h: Harness;
let grantId: string;
beforeAll(async () => {
  h = await startHarness();
  grantId = (await h.grantkit.grant(requests.zitadel())).grant.id;
});
afterAll(() => h.close());

/** What a JavaScript caller may pass: anything. The types refuse it; the run-time check must too. */
const fromJs = (value: unknown) => value as never;

const junk: unknown[] = [
  undefined, null, 0, -1, 1.5, NaN, '', 'x', true, [], [1], {}, { __proto__: { polluted: true } },
  JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { x: 1 } } }, 'a'.repeat(100_000),
  new Date(), Symbol.iterator.toString(), { provider: 'nope' }, { provider: null }, { provider: ['seam'] },
];

/** Variations of valid requests with one part broken. */
function brokenRequests(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = junk.map((j, i) => [`junk ${i}`, j]);
  const base = { aw: requests.atomicwork(), zt: requests.zitadel(), seam: requests.seam() };
  const set = (obj: object, path: string[], value: unknown): unknown => {
    const copy = structuredClone(obj) as Record<string, unknown>;
    let cur = copy;
    for (const p of path.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[path[path.length - 1]!] = value;
    return copy;
  };
  const cases: Array<[keyof typeof base, string[], unknown]> = [
    ['aw', ['subject', 'userId'], 'abc'],
    ['aw', ['subject', 'userId'], '99999999999999999999999'],
    ['aw', ['subject', 'userId'], -5],
    ['aw', ['subject', 'userId'], 2 ** 60],
    ['aw', ['target', 'entitlementId'], null],
    ['aw', ['target'], { entitlementId: '3001', policyId: '4001', policyKey: 'POLICY-SALES' }],
    ['aw', ['subject'], 'user'],
    ['aw', ['extra'], 1],
    ['zt', ['target', 'roleKeys'], []],
    ['zt', ['target', 'roleKeys'], ['a', 'a']],
    ['zt', ['target', 'roleKeys'], 'admin'],
    ['zt', ['target', 'roleKeys'], [1, 2]],
    ['zt', ['target', 'projectId'], ''],
    ['zt', ['target'], { projectId: 'p', projectGrantId: 'g', organizationId: 'o', roleKeys: ['admin'] }],
    ['seam', ['accessMethods'], ['code', 'code']],
    ['seam', ['accessMethods'], ['laser']],
    ['seam', ['accessMethods'], []],
    ['seam', ['target'], {}],
    ['seam', ['target', 'spaceIds'], [' spaced id ']],
    ['seam', ['subject'], { user: {} }],
    ['seam', ['subject'], { user: { email: 'not-an-email' } }],
    ['seam', ['subject'], { user: { phone: '555' } }],
    ['seam', ['subject'], { userIdentityId: 5 }],
    ['seam', ['window'], { startsAt: 'tomorrow' }],
    ['seam', ['window'], { startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }],
    ['seam', ['window'], { endsAt: '2001-01-01T00:00:00Z' }],
    ['seam', ['window'], { endsAt: '2030-01-01T00:00:00' }],
    ['seam', ['reason'], 'r'.repeat(5000)],
    ['seam', ['window', 'extra'], true],
  ];
  for (const [which, path, value] of cases) out.push([`${which} ${path.join('.')}=${JSON.stringify(value)?.slice(0, 40)}`, set(base[which], path, value)]);
  return out;
}

async function expectTyped(promise: Promise<unknown>, type: new (...a: never[]) => Error = ValidationError) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isGrantkitError(error), `not a GrantkitError: ${String(error)}`).toBe(true);
  expect(error).toBeInstanceOf(type);
  return error as ValidationError;
}

describe('bad input over the whole request surface', () => {
  it.each(brokenRequests())('grant(%s) is a ValidationError', async (_name, input) => {
    const error = await expectTyped(h.grantkit.grant(fromJs(input)));
    expect(error.issues.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every failing field, not just the first', async () => {
    const error = await expectTyped(h.grantkit.grant({ provider: 'zitadel', subject: { userId: '' }, target: { projectId: '', roleKeys: [] } }));
    expect([...new Set(error.issues.map((i) => i.path))].sort()).toEqual(['subject.userId', 'target.projectId', 'target.roleKeys']);
  });

  it.each(junk.filter((j) => typeof j !== 'string').map((j, i) => [i, j]))('update with junk %s is a ValidationError', async (_i, input) => {
    await expectTyped(h.grantkit.update(grantId, fromJs(input)));
  });

  it.each([
    ['unknown field', { reason: 'x', force: true }],
    ['deprovision as string', { deprovision: 'yes' }],
    ['array', ['x']],
    ['number', 5],
  ])('revoke with %s is a ValidationError', async (_n, input) => {
    await expectTyped(h.grantkit.revoke(grantId, fromJs(input)));
  });

  it.each([
    ['bad status', { status: 'alive' }],
    ['bad provider', { provider: 'okta' }],
    ['limit 0', { limit: 0 }],
    ['limit huge', { limit: 10_000 }],
    ['forged cursor', { cursor: '!!!' }],
    ['unknown key', { color: 'red' }],
  ])('list with %s is a ValidationError', async (_n, filter) => {
    await expectTyped((async () => h.grantkit.list(fromJs(filter)).firstPage())());
  });

  it.each([[''], ['x'.repeat(5000)], [null], [42], [{}]])('get/history/refresh/revoke of id %s is a NotFoundError', async (id) => {
    const calls: Array<(id: string) => Promise<unknown>> = [(i) => h.grantkit.get(i), (i) => h.grantkit.history(i), (i) => h.grantkit.refresh(i), (i) => h.grantkit.revoke(i)];
    for (const call of calls) await expectTyped(call(id as string), NotFoundError);
  });

  it.each([[''], ['has space'], ['x'.repeat(300)], [42]])('idempotency key %s is a ValidationError', async (key) => {
    await expectTyped(h.grantkit.grant(requests.seam(), { idempotencyKey: key as string }));
  });
});
