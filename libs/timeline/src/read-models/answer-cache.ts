/**
 * A bounded cache of rendered answers (their bodies, as JSON text) for the pairs and dates asked again and
 * again — a page open on one pair, "today" in every client. Keys carry the relationship's revision, so a
 * write makes its entries unreachable instead of stale; the least recently used go first past either bound.
 */
export class AnswerCache {
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(
    private readonly maxEntries = 1024,
    /** Total length of the cached texts (UTF-16 units). */
    private readonly maxSize = 16 * 1024 * 1024,
  ) {}

  get(key: string): string | undefined {
    const text = this.entries.get(key);
    if (text !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, text);
    }
    return text;
  }

  set(key: string, text: string): void {
    if (text.length > this.maxSize / 8) return; // one answer never takes over the cache
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.size -= previous.length;
    }
    this.entries.set(key, text);
    this.size += text.length;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxSize) break;
      this.entries.delete(oldest);
      this.size -= old.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
