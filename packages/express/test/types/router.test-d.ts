/**
 * Type tests of grantsRouter, checked by `tsc` (the package's `typecheck`, part of `pnpm test`):
 * what `authenticate` returns is what `authorize` and `principalId` get, under strict mode.
 * Nothing here runs.
 */
import type { Request } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { AuthError, grantsRouter, type AuthorizeContext, type Grant, type Grantkit, type GrantsAction, type GrantsRouterOptions } from '../../src/index.js';

declare const grantkit: Grantkit;
interface Session {
  id: string;
  roles: string[];
}
declare function verifySession(authorization: string | undefined): Promise<Session | null>;

describe('grantsRouter principal typing', () => {
  it('hands authorize the principal authenticate returned', () => {
    grantsRouter(grantkit, {
      authenticate: async (req) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        const session = await verifySession(req.headers.authorization);
        if (!session) throw new AuthError('Send Authorization: Bearer <session token>.');
        return session;
      },
      authorize: (req, action, context) => {
        expectTypeOf(req).toEqualTypeOf<Request>();
        expectTypeOf(action).toEqualTypeOf<GrantsAction>();
        expectTypeOf(context).toEqualTypeOf<AuthorizeContext<Session>>();
        expectTypeOf(context.principal).toEqualTypeOf<Session>();
        expectTypeOf(context.grant).toEqualTypeOf<Grant | undefined>();
        return action === 'read' || context.principal.roles.includes('access-admin');
      },
      principalId: (principal) => {
        expectTypeOf(principal).toEqualTypeOf<Session>();
        return principal.id;
      },
    });
  });

  it('leaves out the falsy results of authenticate (they are a 401)', () => {
    grantsRouter(grantkit, {
      // Session | null | undefined: the principal authorize sees is never null.
      authenticate: (req) => (req.headers.authorization ? verifySession(req.headers.authorization) : undefined),
      authorize: (_req, _action, context) => {
        expectTypeOf(context.principal).toEqualTypeOf<Session>();
        return context.principal.roles.length > 0;
      },
    });
  });

  it('types the principal unknown without authenticate, so using it needs a check', () => {
    grantsRouter(grantkit, {
      authorize: (_req, _action, context) => {
        expectTypeOf(context.principal).toBeUnknown();
        // @ts-expect-error unknown: there is no authenticate to say what it is
        return context.principal.roles.length > 0;
      },
    });
  });

  it('checks an explicit principal type against authenticate', () => {
    const options: GrantsRouterOptions<Session> = {
      // @ts-expect-error authenticate must return a Session (or a falsy value)
      authenticate: () => ({ id: 1 }),
      authorize: (_req, _action, context) => context.principal.roles.includes('admin'),
    };
    void options;
  });

  it('requires authorize to return a boolean', () => {
    grantsRouter(grantkit, {
      // @ts-expect-error a string is no decision
      authorize: () => 'yes',
    });
  });
});
