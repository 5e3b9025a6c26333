/** Replaces `key` of `object` by a getter that computes the value once, when first read. @internal */
export function lazily<T extends object, K extends keyof T>(
  object: T,
  key: K,
  compute: () => T[K],
): T {
  let value: T[K] | undefined;
  let done = false;
  Object.defineProperty(object, key, {
    enumerable: true,
    get: () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
  return object;
}
