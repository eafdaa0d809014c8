/** Runs `run` over `items` with at most `size` at a time; resolves when all are done. */
export async function inParallel<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, size), items.length) }, worker));
}
