/**
 * A bounded cache for the pairs and dates asked again and again — a page open on one pair, "today" in every
 * client: rendered answers (their bodies, as JSON text), and the parsed snapshots they are folded from.
 * Keys carry the relationship's revision, so a write makes its entries unreachable instead of stale; the
 * least recently used go first past either bound.
 */
export class AnswerCache<V = string> {
  private readonly entries = new Map<string, V>();
  private size = 0;

  constructor(
    private readonly maxEntries = 1024,
    /** Total size of the cached values: by default, the length of the cached texts (UTF-16 units). */
    private readonly maxSize = 16 * 1024 * 1024,
    private readonly sizeOf: (value: V) => number = (value) => (value as string).length,
  ) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxSize / 8) return; // one entry never takes over the cache
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.size -= this.sizeOf(previous);
    }
    this.entries.set(key, value);
    this.size += size;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.size <= this.maxSize) break;
      this.entries.delete(oldest);
      this.size -= this.sizeOf(old);
    }
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }
}
