import { vi } from 'vitest';
import type { Express, RequestHandler } from 'express';

export interface ExpressUnderTest {
  label: string;
  major: 4 | 5;
  /** The Express under test: `express()` and `express.json()`. */
  express: { (): Express; json(options?: { limit?: string | number }): RequestHandler; Router(): unknown };
  /** The package's exports, loaded with `express` resolving to the version under test. */
  pkg: typeof import('../../src/index.js');
  /** The test Grantkit helper, from the same module graph as `pkg`. */
  helper: typeof import('./grantkit.js');
}

/**
 * Loads @grantkit/express with `import express from 'express'` bound to Express 4 or 5, so
 * grantsRouter builds its Router from the very Express the app runs (as a user's install would).
 */
export async function loadExpress(major: 4 | 5): Promise<ExpressUnderTest> {
  vi.resetModules();
  if (major === 4) vi.doMock('express', async () => await import('express4'));
  else vi.doUnmock('express');
  const [expressModule, pkg, helper] = await Promise.all([
    major === 4 ? import('express4') : import('express'),
    import('../../src/index.js'),
    import('./grantkit.js'),
  ]);
  const express = ((expressModule as { default?: unknown }).default ?? expressModule) as ExpressUnderTest['express'];
  return { label: `Express ${major}`, major, express, pkg, helper };
}
