/**
 * Which deliveries were already handled. Svix retries a delivery with the same `svix-id`, and a
 * captured request can be sent again within the 5-minute window with a valid signature: both
 * must not apply an event twice. A bounded LRU keeps memory flat; across processes or restarts,
 * a handler should still be idempotent (ours only re-reads the grant, which is).
 */
export class SeenIds {
  private readonly ids = new Map<string, true>();

  /** `max`: how many ids are remembered (default 10000). */
  constructor(readonly max = 10_000) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`SeenIds max must be a positive integer; got ${String(max)}.`);
  }

  has(id: string): boolean {
    if (!this.ids.has(id)) return false;
    // Refresh its place: a Map iterates in insertion order, so the oldest is first.
    this.ids.delete(id);
    this.ids.set(id, true);
    return true;
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.set(id, true);
    while (this.ids.size > this.max) this.ids.delete(this.ids.keys().next().value as string);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
