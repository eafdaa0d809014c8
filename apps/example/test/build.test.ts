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
