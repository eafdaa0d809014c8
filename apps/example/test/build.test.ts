/**
 * The built app must carry decorator metadata: tsup drops `design:paramtypes` silently when
 * @swc/core is missing, and Nest's injection by type then fails at start (the e2e test would see
 * that too; this names the cause).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAIN } from './helpers/app-process.js';
import { runAppExpectingExit } from './helpers/app-process.js';

describe('the build', () => {
  it('emits design:paramtypes for the injected controllers', async () => {
    const code = await readFile(MAIN, 'utf8');
    expect(code).toMatch(/design:paramtypes/);
  });

  it('refuses to start with half a provider configured, naming the variable and not the value', async () => {
    const { code, output } = await runAppExpectingExit({ SEAM_API_KEY: 'seam_do_not_print_me', GRANTKIT_API_TOKEN: 'a-long-enough-api-token-0123' });
    expect(code).toBe(1);
    expect(output).toContain('SEAM_WEBHOOK_SECRET');
    expect(output).not.toContain('seam_do_not_print_me');
  });
});

describe('the banner', () => {
  it('never prints an API token the operator chose; curl commands refer to $GRANTKIT_API_TOKEN instead', async () => {
    const { startApp } = await import('./helpers/app-process.js');
    const chosen = 'operator-chosen-token-0123456789';
    const app = await startApp({ GRANTKIT_API_TOKEN: chosen });
    try {
      expect(app.output()).not.toContain(chosen);
      expect(app.output()).toContain('Bearer $GRANTKIT_API_TOKEN');
      const res = await fetch(`${app.url}/api/grants`, { headers: { authorization: `Bearer ${chosen}` } });
      expect(res.status).toBe(200);
    } finally {
      await app.cleanup();
    }
  });
});
