import { ModelInputError } from "../errors.js";
import { assertObject } from "../validate.js";

/**
 * Validates the options of a reader of users' files — no field but `source` (and `extra`) — and
 * returns the name its errors give the text: `options.source`, or `fallback`.
 */
export function readerSource(
  model: string,
  options: unknown,
  fallback: string,
  extra: readonly string[] = [],
): string {
  const o = assertObject(model, options, "options", ["source", ...extra]);
  if (o.source === undefined) return fallback;
  if (typeof o.source !== "string" || o.source === "") {
    throw new ModelInputError(model, "options.source", o.source, "a non-empty string");
  }
  return o.source;
}
