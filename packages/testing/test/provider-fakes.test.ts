import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderFakes, type ProviderFakes } from '../src/index.js';

let fakes: ProviderFakes;
beforeAll(async () => {
  fakes = await startProviderFakes();
});
afterAll(() => fakes.close());

describe('startProviderFakes', () => {
  it('starts all three fakes on loopback and points provider configs at them', () => {
    const configs = fakes.providerConfigs({ timeoutMs: 500 });
    expect(configs.atomicwork).toEqual({ baseUrl: fakes.atomicwork.url, apiKey: fakes.atomicwork.apiKey, workspaceId: fakes.atomicwork.workspaceId, reliability: { timeoutMs: 500 } });
    expect(configs.zitadel).toMatchObject({ issuer: fakes.zitadel.url, personalAccessToken: fakes.zitadel.pat });
    expect(configs.seam).toMatchObject({ endpoint: fakes.seam.url, apiKey: fakes.seam.apiKey });
    expect(fakes.providerConfigs().seam).not.toHaveProperty('reliability');
    for (const url of [fakes.atomicwork.url, fakes.zitadel.url, fakes.seam.url]) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists every credential the fakes handed out', () => {
    expect(fakes.secrets).toEqual(expect.arrayContaining([fakes.atomicwork.apiKey, fakes.zitadel.pat, fakes.seam.apiKey, fakes.seam.webhookSecret]));
  });
});
