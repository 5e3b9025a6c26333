import { ModelInputError } from "../../errors.js";
import { assertKnownFields, assertObject } from "../../validate.js";
import { placeOnHosts } from "./readHosts.js";
import { readTier, TIER_FIELDS } from "./readTier.js";
import { findTier, type Tier } from "./tier.js";
import { TIER_ORDER, type TierKind } from "./tierInputs.js";

/**
 * Validates a stack and places its co-located tiers on their hosts; error fields are paths such
 * as `stack.tiers[2].hitRatio`. @internal
 */
export function readStack(model: string, value: unknown): Tier[] {
  const o = assertObject(model, value, "stack", ["hosts", "tiers"]);
  const list = o.tiers;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ModelInputError(model, "stack.tiers", list, "a non-empty array of tiers");
  }
  let tiers: Tier[] = [];
  const inputs: Record<string, unknown>[] = [];
  const names = new Set<string>();
  let last = -1;
  list.forEach((item: unknown, i) => {
    const field = `stack.tiers[${i}]`;
    const t = assertObject(model, item, field);
    const kind = t.kind as TierKind;
    const rank = TIER_ORDER.indexOf(kind);
    if (rank < 0) {
      throw new ModelInputError(
        model,
        `${field}.kind`,
        t.kind,
        `one of ${TIER_ORDER.map((k) => `"${k}"`).join(", ")}`,
      );
    }
    if (rank <= last) {
      throw new ModelInputError(
        model,
        `${field}.kind`,
        t.kind,
        `after "${TIER_ORDER[last]}" one of ${TIER_ORDER.slice(last + 1)
          .map((k) => `"${k}"`)
          .join(", ")} (tiers go top to bottom, each kind once)`,
      );
    }
    last = rank;
    assertKnownFields(model, t, TIER_FIELDS[kind], field);
    const name = t.name === undefined ? kind : t.name;
    if (typeof name !== "string" || name === "" || names.has(name)) {
      throw new ModelInputError(
        model,
        `${field}.name`,
        t.name,
        "a non-empty name no other tier has",
      );
    }
    names.add(name);
    inputs.push(t);
    tiers.push(readTier(model, field, t, kind, name));
  });
  if (!tiers.some((t) => t.kind === "app")) {
    throw new ModelInputError(
      model,
      "stack.tiers",
      `${tiers.length} tiers`,
      'one tier of kind "app"',
    );
  }
  tiers = placeOnHosts(model, o.hosts, inputs, tiers);
  checkLookups(model, tiers);
  return tiers;
}

/** Refuses more memcache lookups per request than database reads: each stands for one read. */
function checkLookups(model: string, tiers: readonly Tier[]): void {
  const cache = findTier(tiers, "memcache")?.tier;
  const db = findTier(tiers, "database")?.tier;
  if (cache && db) {
    const reads = db.queriesPerRequest * (1 - db.writeFraction);
    if (cache.lookupsPerRequest > reads * (1 + 1e-12)) {
      throw new ModelInputError(
        model,
        `${cache.field}.lookupsPerRequest`,
        cache.lookupsPerRequest,
        `at most the database reads per request, queriesPerRequest × (1 − writeFraction) = ${reads} (each lookup stands for one read)`,
      );
    }
  }
}
