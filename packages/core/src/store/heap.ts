/**
 * A binary min-heap of (time, id) entries: the due-work index of the memory store. Entries are
 * never updated in place; a record whose time changes gets a new entry, and readers drop entries
 * that no longer match their record (lazy deletion), so every write stays O(log n).
 */
export class TimeHeap {
  private readonly items: Array<{ at: number; id: string }> = [];

  get size(): number {
    return this.items.length;
  }

  push(at: number, id: string): void {
    const items = this.items;
    items.push({ at, id });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= items[i]!.at) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  peek(): { at: number; id: string } | undefined {
    return this.items[0];
  }

  pop(): { at: number; id: string } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < items.length && items[l]!.at < items[min]!.at) min = l;
        if (r < items.length && items[r]!.at < items[min]!.at) min = r;
        if (min === i) break;
        [items[min], items[i]] = [items[i]!, items[min]!];
        i = min;
      }
    }
    return top;
  }
}

/**
 * The entries due at `now`, earliest first, at most `limit`, that `current(id)` still confirms
 * (same time). Stale entries are dropped; confirmed ones go back in, since they stay due until
 * their record changes.
 */
export function takeDue(heap: TimeHeap, now: number, limit: number, current: (id: string) => number | null): string[] {
  const found: Array<{ at: number; id: string }> = [];
  const seen = new Set<string>();
  while (found.length < limit) {
    const top = heap.peek();
    if (!top || top.at > now) break;
    heap.pop();
    if (seen.has(top.id) || current(top.id) !== top.at) continue;
    seen.add(top.id);
    found.push(top);
  }
  for (const entry of found) heap.push(entry.at, entry.id);
  return found.map((e) => e.id);
}

/** The earliest time in the heap that `current` still confirms, dropping stale entries on the way. */
export function earliest(heap: TimeHeap, current: (id: string) => number | null): number | null {
  for (;;) {
    const top = heap.peek();
    if (!top) return null;
    if (current(top.id) === top.at) return top.at;
    heap.pop();
  }
}
