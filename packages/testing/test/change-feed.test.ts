import { describe, expect, it } from 'vitest';
import { ChangeFeed } from '../src/index.js';

describe('ChangeFeed: waiting for a fake instead of sleeping', () => {
  it('resolves at once when the condition already holds, else on the notify that makes it hold', async () => {
    const feed = new ChangeFeed();
    expect(await feed.until(() => 'now')).toBe('now');
    let value: number | undefined;
    const waiting = feed.until(() => value);
    feed.notify(); // not yet
    value = 0; // a falsy but defined value counts
    feed.notify();
    expect(await waiting).toBe(0);
  });

  it('rejects after its timeout, when the fake closes, and when the check throws', async () => {
    const feed = new ChangeFeed();
    await expect(feed.until(() => false, { timeoutMs: 20, what: 'never' })).rejects.toThrow('Timed out after 20 ms waiting for never.');
    const pending = feed.until(() => undefined, { what: 'an event' });
    feed.close();
    await expect(pending).rejects.toThrow('The fake closed while waiting for an event.');
    await expect(feed.until(() => 1)).rejects.toThrow(/closed/);
    await expect(new ChangeFeed().until(() => { throw new Error('bad check'); })).rejects.toThrow('bad check');
  });
});
