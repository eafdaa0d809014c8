import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Grant, GrantEvent, ProviderCapabilities, ProblemDetails } from '../../src/index.js';
import { grantEventSchema, grantSchema, problemSchema, providerCapabilitiesSchema } from '../../src/index.js';

// The response schemas only document; these checks keep them in step with the types the service returns.
describe('response schemas', () => {
  it('match the TypeScript types', () => {
    expectTypeOf<z.output<typeof grantSchema>>().toEqualTypeOf<Grant>();
    expectTypeOf<z.output<typeof grantEventSchema>>().toEqualTypeOf<GrantEvent>();
    expectTypeOf<z.output<typeof providerCapabilitiesSchema>>().toEqualTypeOf<ProviderCapabilities>();
    expectTypeOf<z.output<typeof problemSchema>>().toEqualTypeOf<ProblemDetails>();
  });
});
