/**
 * Who closes a provider client the app created itself and passed in? The READMEs state the answer;
 * these tests hold it true (a closed client answers every call with a ConfigError).
 */
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ConfigError, createGrantkit } from '@grantkit/core';
import { SeamClient } from '@grantkit/core/seam';
import { startProviderFakes, type ProviderFakes } from '@grantkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrantkitModule } from '../../nestjs/src/index.js';
import { createDoorAccess } from '../../seam/src/index.js';

let fakes: ProviderFakes;
beforeEach(async () => {
  fakes = await startProviderFakes();
});
afterEach(async () => {
  await fakes.close();
});

/** Resolves 'open' when the client can still call Seam, 'closed' when it refuses with a ConfigError. */
async function state(seam: SeamClient): Promise<'open' | 'closed'> {
  try {
    await seam.accessGrants.list().firstPage();
    return 'open';
  } catch (error) {
    if (error instanceof ConfigError && /was closed/.test(error.message)) return 'closed';
    throw error;
  }
}

describe('closing clients the app passed in', () => {
  it('grantkit.close() closes every provider client, also an instance the app passed in', async () => {
    const seam = new SeamClient(fakes.providerConfigs().seam);
    const grantkit = createGrantkit({ providers: { seam } });
    expect(await state(seam)).toBe('open');
    await grantkit.close();
    expect(await state(seam)).toBe('closed');
  });

  it('GrantkitModule closes it too, when the Nest application shuts down', async () => {
    const seam = new SeamClient(fakes.providerConfigs().seam);
    const moduleRef = await Test.createTestingModule({
      imports: [GrantkitModule.forRoot({ providers: { seam }, scheduler: { enabled: false } })],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    expect(await state(seam)).toBe('open');
    await app.close();
    expect(await state(seam)).toBe('closed');
  });

  it('doors.close() closes only a Seam client it created from a config, never a passed one (shared with a Grantkit here)', async () => {
    const seam = new SeamClient(fakes.providerConfigs().seam);
    const grantkit = createGrantkit({ providers: { seam } });
    const shared = createDoorAccess({ seam, grantkit });
    await shared.close();
    expect(await state(seam)).toBe('open');

    const own = createDoorAccess({ seam: fakes.providerConfigs().seam });
    expect(await state(own.seam)).toBe('open');
    await own.close();
    expect(await state(own.seam)).toBe('closed');
    await grantkit.close();
  });
});
