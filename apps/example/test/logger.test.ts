import { describe, expect, it } from 'vitest';
import { consoleLogger } from '../src/logger.js';

describe('consoleLogger', () => {
  it('writes one line per entry with level, message and fields', () => {
    const lines: string[] = [];
    const logger = consoleLogger([], (line) => lines.push(line));
    logger.info({ grantId: 'gr_1', status: 'active' }, 'grant created');
    logger.warn({}, 'sweep slow');
    expect(lines[0]).toMatch(/grantkit info {2}grant created {"grantId":"gr_1","status":"active"}$/);
    expect(lines[1]).toMatch(/grantkit warn {2}sweep slow$/);
  });

  it('never writes a secret: known values are masked anywhere, secret-named fields dropped', () => {
    const lines: string[] = [];
    const logger = consoleLogger(['seam_live_abcdef', 'whsec_xyz123'], (line) => lines.push(line));
    logger.error({ error: 'upstream said seam_live_abcdef is invalid', nested: { webhookSecret: 'whatever', apiKey: 'k-1234', token: 't' } }, 'failed with whsec_xyz123');
    const out = lines.join('\n');
    expect(out).not.toContain('seam_live_abcdef');
    expect(out).not.toContain('whsec_xyz123');
    expect(out).not.toContain('whatever');
    expect(out).not.toContain('k-1234');
    expect(out).toContain('[redacted]');
  });
});
