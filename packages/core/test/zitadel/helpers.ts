import { startZitadelFake, type ZitadelFake, type ZitadelFakeOptions } from '@grantkit/testing';
import { afterEach } from 'vitest';
import { ZitadelClient, type ZitadelClientConfig } from '../../src/providers/zitadel/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export const FAST = { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 3000 };

export async function fake(options: ZitadelFakeOptions = {}): Promise<ZitadelFake> {
  const f = await startZitadelFake(options);
  cleanups.push(() => f.close());
  return f;
}

export function client(f: ZitadelFake, config: Partial<ZitadelClientConfig> = {}): ZitadelClient {
  const c = new ZitadelClient({
    issuer: f.url,
    orgId: f.orgId,
    ...(config.serviceAccountKey ? {} : { personalAccessToken: f.pat }),
    ...config,
    reliability: { ...FAST, ...config.reliability },
  });
  cleanups.push(() => c.close());
  return c;
}

export async function setup(api: 'v1' | 'v2', config: Partial<ZitadelClientConfig> = {}, options: ZitadelFakeOptions = {}) {
  const f = await fake(options);
  return { fake: f, client: client(f, { api, ...config }) };
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
