/**
 * The built app must carry decorator metadata: tsup drops `design:paramtypes` silently when
 * @swc/core is missing, and Nest's injection by type then fails at start (the e2e test would see
 * that too; this names the cause).
 */
import { execFileSync } from 'node:child_process';
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

  it('says next to the commands that they need $GRANTKIT_API_TOKEN in the shell, which is true', async () => {
    const { startApp } = await import('./helpers/app-process.js');
    const chosen = 'operator-chosen-token-0123456789';
    const app = await startApp({ GRANTKIT_API_TOKEN: chosen });
    try {
      const lines = app.output().split('\n');
      const firstCurl = lines.findIndex((l) => l.startsWith('curl '));
      const note = lines.findIndex((l) => l.includes('$GRANTKIT_API_TOKEN in your shell'));
      expect(note).toBeGreaterThan(0);
      expect(note).toBeLessThan(firstCurl);
      expect(lines[note]).toContain('401');
      expect(lines[note + 1]).toContain('export GRANTKIT_API_TOKEN=');
      // Pasted into a shell without the variable the list command gets the 401 the note warns of; with it, a 200.
      const list = lines.filter((l) => l.startsWith('curl ')).at(-1)!;
      const run = (env: Record<string, string>) => execFileSync('bash', ['-c', `${list} -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
      expect(run({})).toBe('401');
      expect(run({ GRANTKIT_API_TOKEN: chosen })).toBe('200');
    } finally {
      await app.cleanup();
    }
  });
});
