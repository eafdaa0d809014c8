/**
 * Awaiting a fake instead of sleeping. Some things a fake does happen after the request that
 * caused them (Seam issues an access method after `issueDelayMs`, Atomicwork completes a
 * deprovisioning after `revocationDelayMs`). The fake notifies its ChangeFeed whenever its state
 * changes, and a test awaits exactly the condition it needs, so no fixed sleep races the delay.
 */

export interface WaitOptions {
  /** Give up after this long, in ms. Default 5000. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. Default: "the condition". */
  what?: string;
}

export class ChangeFeed {
  readonly #listeners = new Set<(closed: boolean) => void>();
  #closed = false;

  /** Tells every waiter to check its condition again. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener(false);
  }

  /** Rejects every pending wait (the fake is closing). */
  close(): void {
    this.#closed = true;
    for (const listener of [...this.#listeners]) listener(true);
  }

  /**
   * Resolves with `check()`'s value once it is neither undefined, null nor false: checked at once
   * and after every change. Rejects when `check` throws, the fake closes, or `timeoutMs` passes.
   */
  until<T>(check: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const what = options.what ?? 'the condition';
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (settle: () => void) => {
        this.#listeners.delete(listener);
        clearTimeout(timer);
        settle();
      };
      const listener = (closed: boolean) => {
        if (closed) return done(() => reject(new Error(`The fake closed while waiting for ${what}.`)));
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          return done(() => reject(error));
        }
        if (value !== undefined && value !== null && value !== false) done(() => resolve(value as T));
      };
      if (this.#closed) return reject(new Error(`The fake is closed; cannot wait for ${what}.`));
      this.#listeners.add(listener);
      timer = setTimeout(() => done(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`))), timeoutMs);
      listener(false);
    });
  }
}
