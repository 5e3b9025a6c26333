import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ModelInputError,
  parseScenario,
  planCapacity,
  spikeTransient,
  type PlanCapacityInput,
} from "../../src/index.js";
import { relErr, thrown } from "../helpers.js";

// The planner's answer to a scenario's `overload.spike`: docs/scenarios/spike.yaml.
const path = join(import.meta.dirname, "..", "..", "docs", "scenarios", "spike.yaml");
const scenario = parseScenario(readFileSync(path, "utf8"), "yaml");

describe("planCapacity with a spike", () => {
  const plan = planCapacity(scenario);
  const s = plan.spike!;

  it("gives each app server its share of the spike: half the requests are static", () => {
    const servers = plan.tiers.find((t) => t.kind === "app")!.servers;
    expect(s.appServers).toBe(servers);
    expect(s.factor).toBe(3);
    expect(relErr(s.app.spike!.arrivalRatePerSec, (3 * 400 * 0.5) / servers)).toBeLessThan(1e-12);
    expect(relErr(s.appGoodputPerSec, servers * s.app.spike!.goodputPerSec)).toBeLessThan(1e-12);
  });

  it("reads the app server's backlog from its gunicorn settings and answers with the fluid", () => {
    const st = s.app.station;
    expect(st.listen.waitingPlaces).toBe(2049);
    const perServer = (400 * 0.5) / s.appServers;
    const fluid = spikeTransient({
      arrivalRatePerSec: perServer,
      spikeFactor: 3,
      spikeDurationSec: 60,
      serviceTimeSec: st.serviceTimeSec,
      servers: st.servers,
      backlog: st.backlog,
      clientTimeoutSec: 10,
    });
    expect(relErr(s.app.spike!.refused, fluid.refused)).toBeLessThan(1e-9);
    expect(relErr(s.app.spike!.recoverySec, fluid.recoverySec)).toBeLessThan(1e-9);
    expect(s.app.retries!.tipAfterSec).toBe(fluid.lateFromSec);
  });

  it("scales the other tiers' utilization by the spike", () => {
    for (const t of s.tiers) {
      const mean = plan.mean.tiers.find((x) => x.name === t.name)!;
      expect(relErr(t.utilization, 3 * mean.utilization)).toBeLessThan(1e-12);
      expect(t.excessPerSec).toBe(
        t.utilization > 1
          ? 3 * mean.throughputPerSec - mean.throughputPerSec / mean.utilization
          : 0,
      );
    }
  });

  it("is absent without overload.spike", () => {
    const { overload: _, ...calm } = scenario;
    expect(planCapacity(calm).spike).toBe(undefined);
  });

  it.each([
    ["overload.spike.factor", { spike: { factor: 0.5, durationSec: 60 } }],
    ["overload.spike.durationSec", { spike: { factor: 3 } }],
    ["overload.spkie", { spkie: { factor: 3, durationSec: 60 } }],
    ["overload.clientTimeoutSec", { clientTimeoutSec: 0 }],
    ["overload.spike", { clientTimeoutSec: 5 }],
  ])("names %s in a scenario", (field, overload) => {
    const bad = { ...scenario, overload } as PlanCapacityInput;
    expect(thrown(ModelInputError, () => planCapacity(bad)).field).toBe(field);
  });
});
