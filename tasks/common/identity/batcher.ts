/**
 * Collects single lookups made in the same tick into one batched call, and remembers every answer
 * (including in-flight ones) so each distinct key is fetched once per run.
 */
export function createBatcher<K, V>(
  fetchBatch: (keys: K[]) => Promise<Map<K, V>>,
  maxBatchSize: number,
): (key: K) => Promise<V | undefined> {
  const cache = new Map<K, Promise<V | undefined>>();
  let pending: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const queued = pending;
    pending = [];
    for (let start = 0; start < queued.length; start += maxBatchSize) {
      const chunk = queued.slice(start, start + maxBatchSize);
      fetchBatch(chunk.map((item) => item.key)).then(
        (answers) => chunk.forEach((item) => item.resolve(answers.get(item.key))),
        (error) => chunk.forEach((item) => item.reject(error)),
      );
    }
  };

  return (key) => {
    const known = cache.get(key);
    if (known) return known;
    const promise = new Promise<V | undefined>((resolve, reject) => {
      pending.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
    cache.set(key, promise);
    return promise;
  };
}

/** Remembers the promise of each key so concurrent and later callers share one fetch. */
export function memoize<K, V>(fetch: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let promise = cache.get(key);
    if (!promise) {
      promise = fetch(key);
      cache.set(key, promise);
    }
    return promise;
  };
}
