import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppConfigError, readConfig } from '../src/config.js';

const APP = '/srv/app';
const TOKEN = 'a-long-enough-api-token-0123456789';

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env, APP);
  } catch (error) {
    if (error instanceof AppConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readConfig', () => {
  it('defaults to the all-fake demo on port 3000 with data/ in the app folder', () => {
    const config = readConfig({}, APP);
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', apiToken: undefined, dataDir: resolve(APP, 'data'), sweepIntervalMs: 30_000 });
    expect([config.atomicwork.mode, config.zitadel.mode, config.seam.mode]).toEqual(['fake', 'fake', 'fake']);
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const config = readConfig({ PORT: '', ATOMICWORK_TENANT: ' ', SEAM_API_KEY: '', GRANTKIT_API_TOKEN: '' }, APP);
    expect(config.port).toBe(3000);
    expect(config.atomicwork.mode).toBe('fake');
    expect(config.seam.mode).toBe('fake');
  });

  it('makes each provider real independently when its credentials are set', () => {
    const config = readConfig({ ZITADEL_ISSUER: 'https://acme.zitadel.cloud', ZITADEL_PAT: 'pat-value-123', GRANTKIT_API_TOKEN: TOKEN }, APP);
    expect([config.atomicwork.mode, config.zitadel.mode, config.seam.mode]).toEqual(['fake', 'real', 'fake']);
    expect(config.zitadel).toMatchObject({ issuer: 'https://acme.zitadel.cloud', personalAccessToken: 'pat-value-123' });

    const seam = readConfig({ SEAM_API_KEY: 'seam_key', SEAM_WEBHOOK_SECRET: 'whsec_abc', GRANTKIT_API_TOKEN: TOKEN }, APP);
    expect([seam.atomicwork.mode, seam.zitadel.mode, seam.seam.mode]).toEqual(['fake', 'fake', 'real']);

    const aw = readConfig({ ATOMICWORK_TENANT: 'acme', ATOMICWORK_API_KEY: 'k', ATOMICWORK_WORKSPACE_ID: '12', GRANTKIT_API_TOKEN: TOKEN }, APP);
    expect(aw.atomicwork).toEqual({ mode: 'real', tenant: 'acme', apiKey: 'k', workspaceId: '12' });

    const keyFile = readConfig({ ZITADEL_ISSUER: 'https://acme.zitadel.cloud', ZITADEL_KEY_FILE: '/keys/sa.json', GRANTKIT_API_TOKEN: TOKEN }, APP);
    expect(keyFile.zitadel).toMatchObject({ mode: 'real', keyFile: '/keys/sa.json' });
  });

  it('names the missing variable of a half-configured provider, never a value', () => {
    const found = problems({ ATOMICWORK_API_KEY: 'super-secret-key', GRANTKIT_API_TOKEN: TOKEN });
    expect(found.join('\n')).toContain('ATOMICWORK_TENANT');
    expect(found.join('\n')).not.toContain('super-secret-key');
    expect(problems({ ZITADEL_PAT: 'x-secret-pat', GRANTKIT_API_TOKEN: TOKEN }).join('\n')).toContain('ZITADEL_ISSUER');
    expect(problems({ SEAM_API_KEY: 'seam_secret', GRANTKIT_API_TOKEN: TOKEN }).join('\n')).toContain('SEAM_WEBHOOK_SECRET');
    expect(problems({ ZITADEL_ISSUER: 'https://a.b', ZITADEL_PAT: 'p', ZITADEL_KEY_FILE: 'f', GRANTKIT_API_TOKEN: TOKEN }).join('\n')).toContain('keep one');
  });

  it('needs GRANTKIT_API_TOKEN once a real provider is configured', () => {
    expect(problems({ SEAM_API_KEY: 'seam_key', SEAM_WEBHOOK_SECRET: 'whsec_abc' }).join('\n')).toContain('GRANTKIT_API_TOKEN is required');
    expect(problems({ GRANTKIT_API_TOKEN: 'short' }).join('\n')).toContain('at least 16');
  });

  it('takes any IP address or host name as HOST, and refuses what listen() could not bind', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::1', '::', 'localhost', 'api.internal', 'my-host']) expect(readConfig({ HOST: host }, APP).host).toBe(host);
    for (const host of ['not a host!', 'http://localhost', 'a_b', '-x']) expect(problems({ HOST: host }).join('\n'), host).toContain('HOST');
  });

  it('refuses an API token that could never match a bearer header, without echoing it', () => {
    const found = problems({ GRANTKIT_API_TOKEN: 'a token with spaces in it' }).join('\n');
    expect(found).toContain('GRANTKIT_API_TOKEN');
    expect(found).not.toContain('a token with spaces');
    expect(problems({ GRANTKIT_API_TOKEN: 'tökén-0123456789abcdef' }).join('\n')).toContain('printable ASCII');
  });

  it('reads the request timeout, 15 s by default', () => {
    expect(readConfig({}, APP).requestTimeoutMs).toBe(15_000);
    expect(readConfig({ GRANTKIT_REQUEST_TIMEOUT_MS: '2000' }, APP).requestTimeoutMs).toBe(2000);
    expect(problems({ GRANTKIT_REQUEST_TIMEOUT_MS: '10' }).join('\n')).toContain('GRANTKIT_REQUEST_TIMEOUT_MS');
  });

  it('puts each problem on one line of its own', () => {
    try {
      readConfig({ PORT: 'abc', GRANTKIT_SWEEP_INTERVAL_MS: '5' }, APP);
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([expect.stringContaining('PORT'), expect.stringContaining('GRANTKIT_SWEEP_INTERVAL_MS')]);
      return;
    }
    throw new Error('expected an AppConfigError');
  });

  it('checks numbers', () => {
    expect(problems({ PORT: 'http' }).join('\n')).toContain('PORT');
    expect(problems({ PORT: '70000' }).join('\n')).toContain('PORT');
    expect(problems({ GRANTKIT_SWEEP_INTERVAL_MS: '5' }).join('\n')).toContain('GRANTKIT_SWEEP_INTERVAL_MS');
    expect(readConfig({ PORT: '0', GRANTKIT_SWEEP_INTERVAL_MS: '250' }, APP)).toMatchObject({ port: 0, sweepIntervalMs: 250 });
  });
});
