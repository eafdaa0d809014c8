/**
 * Every setting .env.example lists, given a bad value, stops the BUILT app with one clean line on
 * stderr naming the variable: exit code non-zero, no stack trace, no secret value echoed. Settings
 * the app reads but hands to a provider client (a tenant, an issuer, a key) are checked by that
 * client; the line still names the variable.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAppExpectingExit, SETTINGS } from './helpers/app-process.js';

const TOKEN = 'a-long-enough-api-token-0123456789';
const ATOMICWORK = { ATOMICWORK_TENANT: 'acme', ATOMICWORK_API_KEY: 'aw-key-1234567890', GRANTKIT_API_TOKEN: TOKEN };
const ZITADEL = { ZITADEL_ISSUER: 'https://acme-abc123.zitadel.cloud', ZITADEL_PAT: 'pat-0123456789abcdef', GRANTKIT_API_TOKEN: TOKEN };
const SEAM = { SEAM_API_KEY: 'seam_test_0123456789', SEAM_WEBHOOK_SECRET: 'whsec_dGhpcyBpcyBhIHRlc3Qgc2VjcmV0', GRANTKIT_API_TOKEN: TOKEN };

let dir: string;
let notAFolder: string;
let notAKeyFile: string;
const KEY_FILE_TEXT = 'private-key-material-that-must-not-be-printed';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'grantkit-settings-'));
  notAFolder = join(dir, 'a-file');
  await writeFile(notAFolder, 'x');
  notAKeyFile = join(dir, 'key.json');
  await writeFile(notAKeyFile, KEY_FILE_TEXT);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface BadSetting {
  /** The variable under test, with its bad value, and the others needed to reach it. */
  env: () => Record<string, string>;
  /** The bad value is a secret: it must not be printed. */
  secret?: boolean;
}

const BAD: Record<string, BadSetting> = {
  PORT: { env: () => ({ PORT: 'abc' }) },
  HOST: { env: () => ({ HOST: 'not a host!' }) },
  GRANTKIT_API_TOKEN: { env: () => ({ GRANTKIT_API_TOKEN: 'token with spaces in it' }), secret: true },
  GRANTKIT_DATA_DIR: { env: () => ({ GRANTKIT_DATA_DIR: join(notAFolder, 'data') }) },
  GRANTKIT_SWEEP_INTERVAL_MS: { env: () => ({ GRANTKIT_SWEEP_INTERVAL_MS: '5' }) },
  GRANTKIT_REQUEST_TIMEOUT_MS: { env: () => ({ GRANTKIT_REQUEST_TIMEOUT_MS: 'soon' }) },
  ATOMICWORK_TENANT: { env: () => ({ ...ATOMICWORK, ATOMICWORK_TENANT: 'not a tenant!' }) },
  ATOMICWORK_API_KEY: { env: () => ({ ...ATOMICWORK, ATOMICWORK_API_KEY: 'aw key with spaces' }), secret: true },
  ATOMICWORK_WORKSPACE_ID: { env: () => ({ ...ATOMICWORK, ATOMICWORK_WORKSPACE_ID: 'workspace-one' }) },
  ZITADEL_ISSUER: { env: () => ({ ...ZITADEL, ZITADEL_ISSUER: 'not-a-url' }) },
  ZITADEL_PAT: { env: () => ({ ...ZITADEL, ZITADEL_PAT: 'pat with spaces 0123' }), secret: true },
  ZITADEL_KEY_FILE: { env: () => ({ ZITADEL_ISSUER: ZITADEL.ZITADEL_ISSUER, ZITADEL_KEY_FILE: notAKeyFile, GRANTKIT_API_TOKEN: TOKEN }) },
  ZITADEL_ORG_ID: { env: () => ({ ...ZITADEL, ZITADEL_ORG_ID: 'org id with spaces' }) },
  SEAM_API_KEY: { env: () => ({ ...SEAM, SEAM_API_KEY: 'sk_live_not_a_seam_key' }), secret: true },
  SEAM_WEBHOOK_SECRET: { env: () => ({ ...SEAM, SEAM_WEBHOOK_SECRET: 'not-a-webhook-secret' }), secret: true },
};

describe('a bad value for any setting', () => {
  it('is covered here for every variable of .env.example', () => {
    expect(Object.keys(BAD).sort()).toEqual([...SETTINGS].sort());
  });

  // Side by side (each is a process that starts and exits), with the test's own expect.
  it.concurrent.for(Object.keys(BAD))('%s: exits non-zero with one line on stderr naming it, no stack, no secret', async (name, { expect }) => {
    const bad = BAD[name]!;
    const env = bad.env();
    const { code, stderr, output } = await runAppExpectingExit(env);
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    expect(code, output).not.toBe(0);
    expect(lines, output).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/ExceptionHandler|\.js:\d+:\d+/);
    if (bad.secret) expect(output).not.toContain(env[name]);
    // Real credentials set alongside are never printed either.
    for (const secret of [TOKEN, ATOMICWORK.ATOMICWORK_API_KEY, ZITADEL.ZITADEL_PAT, SEAM.SEAM_API_KEY, SEAM.SEAM_WEBHOOK_SECRET, KEY_FILE_TEXT]) {
      expect(output).not.toContain(secret);
    }
  });

  it('an unreadable key file names ZITADEL_KEY_FILE too', async () => {
    const { code, stderr } = await runAppExpectingExit({ ZITADEL_ISSUER: ZITADEL.ZITADEL_ISSUER, ZITADEL_KEY_FILE: join(dir, 'missing.json'), GRANTKIT_API_TOKEN: TOKEN });
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('ZITADEL_KEY_FILE');
  });
});
