/**
 * Type tests of the NestJS surface, checked by `tsc` (the package's `typecheck`, part of
 * `pnpm test`). Nothing here runs.
 */
import type { CanActivate, Type } from '@nestjs/common';
import { describe, expectTypeOf, it } from 'vitest';
import { createGrantsController, type GrantsController, type Grantkit, type GrantResult, type GrantAtZitadel } from '../../src/index.js';

interface User {
  email: string;
}
declare const Guard: Type<CanActivate>;
declare const grantkit: Grantkit;

describe('createGrantsController', () => {
  it('hands principalId the request type the app declares for what its guard leaves on it', () => {
    const controller = createGrantsController({
      path: 'api',
      guards: [Guard],
      principalId: (req: { user?: User }) => req.user?.email,
    });
    expectTypeOf(controller).toEqualTypeOf<Type<GrantsController>>();
  });

  it('refuses a principalId that does not return a string id', () => {
    createGrantsController({
      guards: [Guard],
      // @ts-expect-error the id must be a string (or undefined)
      principalId: (req: { user: { id: number } }) => req.user.id,
    });
  });

  it('needs a guard, or the opt-out by name', () => {
    // @ts-expect-error neither guards nor allowUnguarded
    createGrantsController({ path: 'api' });
    createGrantsController({ path: 'api', allowUnguarded: true });
  });
});

describe('the re-exported Grantkit', () => {
  it('is the typed one of @grantkit/core', async () => {
    const result = await grantkit.grant({ provider: 'zitadel', subject: { userId: '1' }, target: { projectId: '2', roleKeys: ['dev'] } });
    expectTypeOf(result).toEqualTypeOf<GrantResult<GrantAtZitadel>>();
    // @ts-expect-error roleKeys is a list of keys
    void grantkit.grant({ provider: 'zitadel', subject: { userId: '1' }, target: { projectId: '2', roleKeys: 'dev' } });
  });
});
