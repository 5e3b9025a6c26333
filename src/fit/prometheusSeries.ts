// Small pieces of the Prometheus text format shared by its reader and the helpers on scrapes.

/** `name{a="1",b="2"}` with the labels sorted, as series are named in messages. */
export function seriesKey(name: string, labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
}

/** A number as Go's ParseFloat reads it in the format: decimals, exponents, ±Inf, NaN. */
export function parseValue(text: string): number {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}
