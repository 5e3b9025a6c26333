import { ModelInputError } from "../../errors.js";
import { assertNonNegative, assertObject } from "../../validate.js";
import type { Tier } from "./tier.js";

/** Validates prices: finite, >= 0, named after tiers. @internal */
export function readPrices(
  model: string,
  value: unknown,
  tiers: readonly Tier[],
): Record<string, number> {
  if (value === undefined) return {};
  const o = assertObject(model, value, "prices");
  // Keyed by the user's tier names: no prototype, so `constructor` or `__proto__` is a name like any other.
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [name, price] of Object.entries(o)) {
    if (!tiers.some((t) => t.name === name)) {
      throw new ModelInputError(
        model,
        `prices.${name}`,
        price,
        `a price for a tier of the stack (${tiers.map((t) => t.name).join(", ")})`,
      );
    }
    out[name] = assertNonNegative(model, `prices.${name}`, price);
  }
  return out;
}
