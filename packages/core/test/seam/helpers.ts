import { afterEach } from 'vitest';
import { SeamClient, type SeamClientConfig } from '../../src/providers/seam/index.js';
import { type SeamFake, type SeamFakeOptions, startSeamFake } from '@grantkit/testing';

const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

/** A Seam fake and a client on it (API key auth unless `config` says otherwise); both closed after each test. */
export async function seamSetup(options: SeamFakeOptions = {}, config: Partial<SeamClientConfig> = {}): Promise<{ fake: SeamFake; client: SeamClient }> {
  const fake = await startSeamFake({ issueDelayMs: 20, ...options });
  open.push(fake);
  const auth = config.personalAccessToken ? {} : { apiKey: fake.apiKey };
  const client = new SeamClient({ endpoint: fake.url, reliability: { baseDelayMs: 5, maxDelayMs: 20 }, ...auth, ...config });
  open.push(client);
  return { fake, client };
}

export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
