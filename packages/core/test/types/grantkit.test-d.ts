/**
 * Type tests of the Grantkit's public surface, checked by `tsc` (the package's `typecheck`, which
 * `pnpm test` runs): an input that degrades to `unknown` or `any`, or a wrong field that compiles,
 * fails the build. `@ts-expect-error` fails too when the line it covers stops being an error.
 * Nothing here runs: `gk` is only declared.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AccessView,
  Grant,
  GrantAtAtomicwork,
  GrantAtSeam,
  GrantAtZitadel,
  GrantEvent,
  Grantkit,
  GrantOf,
  GrantOutcomeKind,
  GrantRequestInput,
  GrantResult,
  GrantStatus,
  Paginator,
  ProviderName,
  RevokeAllReport,
  SeamGrantRequestInput,
  ZitadelGrantRequestInput,
} from '../../src/index.js';

declare const gk: Grantkit;
declare const zitadelOrSeam: ZitadelGrantRequestInput | SeamGrantRequestInput;
declare const anyProvider: GrantRequestInput;
const inEightHours = '2026-12-01T17:00:00Z';

describe('Grantkit.grant', () => {
  it('takes the request union, not unknown or any', () => {
    type Request = Parameters<Grantkit['grant']>[0];
    expectTypeOf<Request>().not.toBeUnknown();
    expectTypeOf<Request>().not.toBeAny();
    expectTypeOf<Request>().toEqualTypeOf<GrantRequestInput>();
    expectTypeOf<Request['provider']>().toEqualTypeOf<ProviderName>();
    expectTypeOf<Parameters<Grantkit['grant']>[1]>().toEqualTypeOf<{ idempotencyKey?: string | undefined; signal?: AbortSignal | undefined } | undefined>();
  });

  it('accepts a valid request of each provider, with ids as the provider has them', () => {
    void gk.grant({ provider: 'atomicwork', subject: { userId: '9007199254740993' }, target: { entitlementId: 42 } });
    void gk.grant({ provider: 'zitadel', subject: { userId: '2700' }, target: { projectId: '2701', roleKeys: ['admin'] }, window: { endsAt: inEightHours }, personId: 'emp-7' });
    void gk.grant({ provider: 'seam', subject: { user: { email: 'ada@example.com' } }, target: { spaceIds: ['7f8e9d0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a'] }, accessMethods: ['code', 'mobile_key'], reservationKey: 'B-1' });
  });

  it('narrows subject and target by the provider literal', () => {
    // @ts-expect-error Atomicwork needs target.entitlementId (the issue's example)
    void gk.grant({ provider: 'atomicwork', subject: { userId: '1' }, target: {} });
    // @ts-expect-error a ZITADEL subject has no userIdentityId (that is Seam's)
    void gk.grant({ provider: 'zitadel', subject: { userIdentityId: 'x' }, target: { projectId: '1', roleKeys: ['a'] } });
    // @ts-expect-error accessMethods belongs to Seam requests only
    void gk.grant({ provider: 'zitadel', subject: { userId: '1' }, target: { projectId: '1', roleKeys: ['a'] }, accessMethods: ['code'] });
    // @ts-expect-error Seam ids are strings, not numbers
    void gk.grant({ provider: 'seam', subject: { userIdentityId: 7 }, target: { deviceIds: ['d'] }, accessMethods: ['code'] });
    // @ts-expect-error no such provider
    void gk.grant({ provider: 'okta', subject: { userId: '1' }, target: {} });
  });

  it('refuses an access method Seam does not have', () => {
    // @ts-expect-error 'laser' is not an access method (the issue's example)
    void gk.grant({ provider: 'seam', subject: { userIdentityId: 'u' }, target: { spaceIds: ['s'] }, accessMethods: ['laser'] });
    expectTypeOf<SeamGrantRequestInput['accessMethods']>().toEqualTypeOf<Array<'code' | 'card' | 'mobile_key'>>();
  });

  it("returns the grant of the request's provider", async () => {
    const zitadel = await gk.grant({ provider: 'zitadel', subject: { userId: '1' }, target: { projectId: '2', roleKeys: ['admin'] } });
    expectTypeOf(zitadel).toEqualTypeOf<GrantResult<GrantAtZitadel>>();
    expectTypeOf(zitadel.grant.target.roleKeys).toEqualTypeOf<string[]>();
    expectTypeOf(zitadel.outcome).toEqualTypeOf<GrantOutcomeKind>();
    expectTypeOf<GrantOutcomeKind>().toEqualTypeOf<'created' | 'existing' | 'scheduled'>();
    const atomicwork = await gk.grant({ provider: 'atomicwork', subject: { userId: 1 }, target: { entitlementId: '3001' } });
    // Validated ids are strings, whatever the request gave.
    expectTypeOf(atomicwork.grant.subject).toEqualTypeOf<{ userId: string }>();
    expectTypeOf((await gk.grant(zitadelOrSeam)).grant).toEqualTypeOf<GrantAtZitadel | GrantAtSeam>();
    expectTypeOf((await gk.grant(anyProvider)).grant).toEqualTypeOf<Grant>();
  });
});

describe('Grant', () => {
  it('is a union on provider with literal statuses', () => {
    expectTypeOf<Grant>().toEqualTypeOf<GrantAtAtomicwork | GrantAtZitadel | GrantAtSeam>();
    expectTypeOf<Grant['status']>().toEqualTypeOf<GrantStatus>();
    expectTypeOf<GrantStatus>().toEqualTypeOf<'scheduled' | 'pending' | 'active' | 'revoking' | 'revoked' | 'expired' | 'failed'>();
    expectTypeOf<Grant['accessId']>().toEqualTypeOf<string>();
    expectTypeOf<Grant['personId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Grant['keptBy']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<GrantOf<'seam'>>().toEqualTypeOf<GrantAtSeam>();
    expectTypeOf<GrantEvent['status']>().toEqualTypeOf<GrantStatus>();
    expectTypeOf<GrantEvent['outcome']>().toEqualTypeOf<'success' | 'failure'>();
  });

  it('narrows subject and target on provider', async () => {
    const g = await gk.get('gr_x');
    // @ts-expect-error only ZITADEL grants have role keys: narrow on provider first
    void g.target.roleKeys;
    if (g.provider === 'zitadel') expectTypeOf(g.target.roleKeys).toEqualTypeOf<string[]>();
    if (g.provider === 'atomicwork') expectTypeOf(g.target.entitlementId).toEqualTypeOf<string>();
    if (g.provider === 'seam') expectTypeOf(g.subject).toEqualTypeOf<{ userIdentityId: string } | { user: { fullName?: string | undefined; email?: string | undefined; phone?: string | undefined; key?: string | undefined } }>();
  });
});

describe('list, update, revoke, revokeAll, getAccess', () => {
  it('takes typed filters, and a provider filter types the items', () => {
    expectTypeOf(gk.list({ provider: 'seam', status: ['active', 'pending'], personId: 'emp-7', limit: 10 })).toEqualTypeOf<Paginator<GrantAtSeam>>();
    expectTypeOf(gk.list()).toEqualTypeOf<Paginator<Grant>>();
    expectTypeOf(gk.list({ accessId: 'ac_1' })).toEqualTypeOf<Paginator<Grant>>();
    // @ts-expect-error not a status
    void gk.list({ status: 'alive' });
    // @ts-expect-error unknown filter key
    void gk.list({ color: 'red' });
    // @ts-expect-error limit is a number
    void gk.list({ limit: 'ten' });
  });

  it('update takes the changes the schema allows', () => {
    expectTypeOf<Parameters<Grantkit['update']>[1]>().not.toBeUnknown();
    expectTypeOf<Parameters<Grantkit['update']>[1]>().not.toBeAny();
    void gk.update('gr_x', { endsAt: null, roleKeys: ['viewer'] });
    // @ts-expect-error endsAt is an ISO string or null
    void gk.update('gr_x', { endsAt: new Date() });
    // @ts-expect-error unknown field
    void gk.update('gr_x', { window: { endsAt: inEightHours } });
  });

  it('revoke and revokeAll take the revoke options', async () => {
    expectTypeOf<Parameters<Grantkit['revoke']>[1]>().not.toBeAny();
    expectTypeOf<Parameters<Grantkit['revoke']>[1]>().toEqualTypeOf<{ reason?: string | undefined; deprovision?: boolean | undefined; requestedBy?: string | undefined } | undefined>();
    expectTypeOf<Parameters<Grantkit['revokeAll']>[1]>().toEqualTypeOf<Parameters<Grantkit['revoke']>[1]>();
    // @ts-expect-error deprovision is a boolean
    void gk.revoke('gr_x', { deprovision: 'yes' });
    // @ts-expect-error revokeAll goes by personId
    void gk.revokeAll({ userId: '1' });
    const report = await gk.revokeAll({ personId: 'emp-7' }, { reason: 'left' });
    expectTypeOf(report).toEqualTypeOf<RevokeAllReport>();
    expectTypeOf(report.grants[0]!.outcome).toEqualTypeOf<'revoked' | 'kept' | 'ended' | 'failed'>();
    expectTypeOf(report.grants[0]!.status).toEqualTypeOf<GrantStatus>();
  });

  it('getAccess returns the access view', async () => {
    const access = await gk.getAccess('ac_1');
    expectTypeOf(access).toEqualTypeOf<AccessView>();
    expectTypeOf(access.state).toEqualTypeOf<'absent' | 'held' | 'removing'>();
    expectTypeOf(access.claimedBy).toEqualTypeOf<string[]>();
  });
});
