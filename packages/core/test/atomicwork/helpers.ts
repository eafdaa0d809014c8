import { type AtomicworkFake, type AtomicworkFakeOptions, startAtomicworkFake } from '@grantkit/testing';
import { afterEach } from 'vitest';
import { AtomicworkClient, type AtomicworkClientConfig } from '../../src/providers/atomicwork/index.js';

export interface Harness {
  fake: AtomicworkFake;
  client: AtomicworkClient;
}

const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

/** Starts a fake and a client pointed at it; both are closed after the test. */
export async function harness(fakeOptions: AtomicworkFakeOptions = {}, config: Partial<AtomicworkClientConfig> = {}): Promise<Harness> {
  const fake = await startAtomicworkFake(fakeOptions);
  open.push(fake);
  const client = clientFor(fake, config);
  return { fake, client };
}

export function clientFor(fake: AtomicworkFake, config: Partial<AtomicworkClientConfig> = {}): AtomicworkClient {
  const client = new AtomicworkClient({
    baseUrl: fake.url,
    apiKey: fake.apiKey,
    workspaceId: fake.workspaceId,
    reliability: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 },
    ...config,
  });
  open.push(client);
  return client;
}

/** Resolves to the error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
