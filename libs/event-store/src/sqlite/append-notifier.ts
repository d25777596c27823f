/**
 * Wakes this process's live subscribers when an append commits, so they read at once instead of at
 * the next poll. Appends from other processes are not seen here; subscribers poll for those.
 *
 * A version counter rather than a bare event: a subscriber notes the version before it reads, and
 * waits only if nothing was appended since — an append that lands while the subscriber is busy
 * handing out a batch is therefore never missed.
 */
export class AppendNotifier {
  private version = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves when the version has moved past `seen`, after `timeoutMs`, or on abort — whichever is first. */
  wait(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.version !== seen || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
