import { ModelInputError } from "../errors.js";
import { GiB } from "../units.js";
import type { PlanCapacityInput } from "./planCapacityInput.js";
import { PLAN_FIELDS, readPlanInput } from "./readPlanInput.js";
import { readDocument } from "./scenarioDocument.js";

/** A scenario: the whole planning question, as {@link planCapacity} takes it, with an optional description. */
export type Scenario = PlanCapacityInput & { description?: string };

/**
 * The error to report for a scenario with a bare number refused: the planner's own, when it
 * finds the same field bad anyway (out of range) or a misspelt field (the bare number may be
 * under it); else the refusal.
 */
function plannerErrorFirst(scenario: Scenario, refusal: ModelInputError): ModelInputError {
  try {
    readPlanInput(scenario);
  } catch (e) {
    if (!(e instanceof ModelInputError)) throw e;
    if (e.field === refusal.field || e.message.includes("must be absent")) return e;
  }
  return refusal;
}

/**
 * Reads a scenario file — the stack, the app profile, the app machine, the load, the SLO and the
 * prices in one JSON or YAML document — into the input of {@link planCapacity}. Times and sizes
 * may carry units (`hitTimeSec: 200us`, `memoryBytes: 8GiB`), cores and sizes Kubernetes'
 * quantities (`cpuLimitCores: 500m`, `memoryLimitBytes: 512Mi`). The document's structure is
 * checked here (syntax, units, unknown top-level fields); the values are checked by
 * {@link planCapacity}, whose errors name the path of the bad field.
 *
 * @param text - The file's contents.
 * @param format - `"json"` or `"yaml"`.
 * @returns The scenario.
 * @throws {@link ModelInputError} for a syntax error, binary content, nesting deeper than
 *   64 (`MAX_SCENARIO_DEPTH`), a bad unit or an unknown field (with the nearest known one).
 * @example
 * ```ts
 * parseScenario("load: { arrivalRatePerSec: 100 }\nslo: { responseTimeSec: 250ms }", "yaml").slo.responseTimeSec; // => 0.25
 * ```
 */
export function parseScenario(text: string, format: "json" | "yaml"): Scenario {
  const { value, refused } = readDocument(
    text,
    format,
    PLAN_FIELDS,
    "an object with stack, app, machine, load, slo and prices",
  );
  const scenario = value as Scenario;
  if (refused) throw plannerErrorFirst(scenario, refused);
  return scenario;
}
/**
 * The talk's classic stack — HTTP cache, load balancer, web servers, stateless app servers
 * (mod_wsgi daemon mode, "just a few threads per daemon"), memcache, database — with
 * illustrative figures: 400 requests/s on average and spikes of 3×, a p99 of 250 ms, and
 * monthly prices of the order of cloud machines. `pywebperf plan` plans it when given no file.
 */
export const CLASSIC_STACK: Scenario = {
  description:
    "The talk's classic stack: HTTP cache, web servers, app servers, memcache, database (illustrative figures)",
  stack: {
    tiers: [
      {
        kind: "http-cache",
        hitRatio: 0.25,
        hitTimeSec: 0.0002,
        missTimeSec: 0.0003,
        coresPerServer: 4,
        memoryBytesPerServer: GiB(16),
      },
      { kind: "load-balancer", serviceTimeSec: 0.0001, coresPerServer: 2 },
      {
        kind: "web",
        staticFraction: 0.5,
        staticTimeSec: 0.0005,
        proxyTimeSec: 0.0004,
        coresPerServer: 4,
        memoryBytesPerServer: GiB(4),
      },
      {
        kind: "app",
        servers: 2,
        deployment: { kind: "daemon", processes: 4, threads: 4 },
      },
      {
        kind: "memcache",
        hitRatio: 0.9,
        lookupsPerRequest: 8,
        // memcached's CPU per get is microseconds (1.4.10's release notes: 3.7 million keys/s of
        // multigets on four cores); most of what a lookup costs the app is the network round trip.
        cpuTimeSec: 0.00001,
        nonCpuTimeSec: 0.0001,
        coresPerServer: 4, // memcached -t, 4 threads by default
        memoryBytesPerServer: GiB(32),
      },
      {
        kind: "database",
        queriesPerRequest: 12,
        writeFraction: 0.1,
        serviceTimeSec: 0.004,
        coresPerServer: 8,
        memoryBytesPerServer: GiB(64),
      },
    ],
  },
  app: { cpuTimeSec: 0.02, ioTimeSec: 0.01, burstsPerRequest: 10 },
  machine: { cores: 4, memoryBytes: GiB(8) },
  load: { arrivalRatePerSec: 400, peakFactor: 3 },
  slo: { responseTimeSec: 0.25, quantile: 0.99 },
  prices: {
    "http-cache": 150,
    "load-balancer": 50,
    web: 80,
    app: 160,
    memcache: 120,
    database: 700,
  },
};
