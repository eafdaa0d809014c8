import { Inject } from '@nestjs/common';
import { GRANTKIT } from './grantkit.constants.js';

/**
 * Injects the module's `Grantkit` service:
 * `constructor(@InjectGrantkit() private readonly grantkit: Grantkit) {}`.
 *
 * Injecting by type (`constructor(private readonly grantkit: Grantkit)`) works too, when the app is
 * compiled with decorator metadata; the token does not depend on it.
 */
export const InjectGrantkit = (): PropertyDecorator & ParameterDecorator => Inject(GRANTKIT);
