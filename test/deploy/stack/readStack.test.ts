import { describe, expect, it } from "vitest";
import { readStack } from "../../../src/deploy/stack/readStack.js";
import { findTier, type AppTier, type Tier } from "../../../src/deploy/stack/tier.js";
import { relErr } from "../../helpers.js";

const stack = {
  tiers: [
    { kind: "http-cache", hitRatio: 0.3, hitTimeSec: 0.0005 },
    { kind: "load-balancer", serviceTimeSec: 0.0002 },
    { kind: "web", staticFraction: 0.2, staticTimeSec: 0.001, proxyTimeSec: 0.0005 },
    { kind: "app", servers: 3, deployment: { kind: "prefork", processes: 4 } },
    { kind: "memcache", hitRatio: 0.8, lookupsPerRequest: 2, serviceTimeSec: 0.0003 },
    { kind: "database", queriesPerRequest: 5, writeFraction: 0.1, serviceTimeSec: 0.002 },
  ],
};

/** The fields every checked tier has, whatever its kind. */
const COMMON = ["kind", "name", "field", "count", "maxUnits", "minUnits", "minReplicas", "host"];
const SERVER = [...COMMON, "cores", "memoryBytesPerServer"];

describe("readStack: each checked tier has the fields of its kind only", () => {
  const tiers = readStack("test", stack);

  it.each([
    ["http-cache", [...SERVER, "hitRatio", "hitTimeSec", "missTimeSec"]],
    ["load-balancer", [...SERVER, "serviceTimeSec"]],
    ["web", [...SERVER, "staticFraction", "staticTimeSec", "serviceTimeSec"]],
    ["app", [...COMMON, "deployment", "connectionPool", "workersPerServer"]],
    [
      "memcache",
      [
        ...SERVER,
        "hitRatio",
        "lookupsPerRequest",
        "serviceTimeSec",
        "nonCpuTimeSec",
        "connectionLimit",
      ],
    ],
    [
      "database",
      [
        ...SERVER,
        "queriesPerRequest",
        "writeFraction",
        "replicationCostFraction",
        "serviceTimeSec",
        "nonCpuTimeSec",
        "connectionLimit",
      ],
    ],
  ] as const)("%s", (kind, fields) => {
    const tier = tiers.find((t) => t.kind === kind)!;
    expect(Object.keys(tier).sort()).toEqual([...fields].sort());
  });

  it("reads each kind's values and defaults", () => {
    const cache = findTier(tiers, "http-cache")!.tier;
    // missTimeSec defaults to hitTimeSec.
    expect(relErr(cache.missTimeSec, 0.0005)).toBe(0);
    const app = findTier(tiers, "app")!;
    expect(app.at).toBe(3);
    expect(app.tier.count).toEqual({ units: 3, replicas: 0 });
    expect(app.tier.workersPerServer).toBe(4);
    const db = findTier(tiers, "database")!.tier;
    // PostgreSQL's max_connections 100 less its 3 reserved ones.
    expect(db.connectionLimit).toBe(97);
    expect(db.replicationCostFraction).toBe(1);
    expect(findTier(tiers, "memcache")!.tier.connectionLimit).toBe(1024);
  });

  it("a field a kind does not have is a type error", () => {
    const app: AppTier = findTier(tiers, "app")!.tier;
    // @ts-expect-error an app tier has no hitRatio
    expect(app.hitRatio).toBeUndefined();
    const any: Tier = tiers[0]!;
    // @ts-expect-error a tier of unknown kind may not have one either
    expect(relErr(any.hitRatio, 0.3)).toBe(0);
    if (any.kind === "http-cache") expect(relErr(any.hitRatio, 0.3)).toBe(0);
  });
});
