import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, Paginator, ValidationError, type Page } from '../src/index.js';

function numbers(total: number, pageSize: number) {
  const calls: Array<string | null> = [];
  const paginator = new Paginator<number>(async (cursor): Promise<Page<number>> => {
    calls.push(cursor);
    const start = cursor ? decodeCursor<{ offset: number }>(cursor).offset : 0;
    const items = Array.from({ length: Math.min(pageSize, total - start) }, (_, i) => start + i);
    const next = start + pageSize < total ? encodeCursor({ offset: start + pageSize }) : null;
    return { items, nextCursor: next };
  });
  return { paginator, calls };
}

describe('Paginator', () => {
  it('iterates every item across pages with for await', async () => {
    const { paginator, calls } = numbers(23, 5);
    const seen: number[] = [];
    for await (const n of paginator) seen.push(n);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(calls).toHaveLength(5);
  });

  it('returns one page with an opaque cursor that fetches the next', async () => {
    const { paginator } = numbers(12, 5);
    const first = await paginator.firstPage();
    expect(first.items).toEqual([0, 1, 2, 3, 4]);
    expect(typeof first.nextCursor).toBe('string');
    const second = await paginator.page(first.nextCursor);
    expect(second.items).toEqual([5, 6, 7, 8, 9]);
  });

  it('toArray stops at the limit without fetching further pages', async () => {
    const { paginator, calls } = numbers(1000, 10);
    expect(await paginator.toArray({ limit: 25 })).toHaveLength(25);
    expect(calls).toHaveLength(3);
  });

  it('toArray refuses a limit outside 1..100000', async () => {
    const { paginator } = numbers(3, 2);
    await expect(paginator.toArray({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(paginator.toArray({ limit: 100_001 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('stops when a provider repeats a cursor', async () => {
    const paginator = new Paginator<number>(async () => ({ items: [1], nextCursor: 'same' }));
    expect(await paginator.toArray({ limit: 100 })).toEqual([1, 1]);
  });

  it('rejects a forged cursor as a ValidationError naming cursor', () => {
    expect(() => decodeCursor('not a cursor!')).toThrow(ValidationError);
    try {
      decodeCursor(Buffer.from('[1]').toString('base64url'));
    } catch (e) {
      expect((e as ValidationError).issues[0]!.path).toBe('cursor');
    }
  });
});
