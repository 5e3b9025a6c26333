/** Relative error |a − b| / |b| (absolute when b = 0); equal infinities count as exact. */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}

/** Rounds every number to 6 significant digits so float noise cannot break a snapshot. */
export function rounded(value: unknown): unknown {
  if (typeof value === "number")
    return Number.isFinite(value) ? Number(value.toPrecision(6)) : String(value);
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/** The error of class `type` that `f` throws; fails the test when it throws nothing or another. */
export function thrown<E extends Error>(type: new (...args: never[]) => E, f: () => unknown): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`no ${type.name}`);
}
