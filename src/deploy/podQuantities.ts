// Kubernetes quantities as a manifest writes them: cores as `500m` or `2`, bytes as `512Mi`.

/** Cores as a Kubernetes CPU quantity: whole cores bare (`2`), else millicores (`500m`). @internal */
export function cpuQuantity(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes as a Kubernetes memory quantity: `2Gi`, `512Mi`, `64Ki`, else bytes. @internal */
export function memoryQuantity(bytes: number): string {
  const b = Math.round(bytes);
  for (const [suffix, size] of [
    ["Gi", 2 ** 30],
    ["Mi", 2 ** 20],
    ["Ki", 2 ** 10],
  ] as const) {
    if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  }
  return String(b);
}

/** Bytes for people: `234 MiB`, `2.1 GiB`. @internal */
export function sizeWords(bytes: number): string {
  if (!Number.isFinite(bytes)) return "unbounded";
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GiB`
    : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** Seconds in milliseconds for people: `183 ms`, or `unbounded`. @internal */
export function msWords(seconds: number): string {
  return Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(0)} ms` : "unbounded";
}
