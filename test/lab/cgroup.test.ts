import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cpuLimitWrites,
  memoryLimitWrite,
  parseCpuStat,
  parseOomKills,
  parseUsageSec,
  throttleDelta,
} from "../../lab/cgroup/cgroupText.mjs";
import { kneeRatePerSec } from "../../lab/cgroup/knee.mjs";
import { chooseLoads, quotaCapacityPerSec } from "../../lab/cgroup/loads.mjs";
import { relErr } from "../helpers.js";

// The pure parts of the cgroup lab (lab/cgroup/): the kernel's files as text, the throttled
// fraction, the loads of a cell and the latency knee. File layouts and units from the kernel's
// documentation: Documentation/scheduler/sched-bwc.rst (v1 cpu.stat: nr_periods, nr_throttled,
// throttled_time in ns; cpu.cfs_quota_us -1 for no limit; burst at most the quota) and
// Documentation/admin-guide/cgroup-v2.rst (cpu.stat in µs, cpu.max "$MAX $PERIOD",
// memory.events' oom_kill).

/** cpu.stat text of either version holding the same counters. */
const v1Stat = (periods: number, throttled: number, throttledNs: number) =>
  `nr_periods ${periods}\nnr_throttled ${throttled}\nthrottled_time ${throttledNs}\nnr_bursts 0\nburst_time 0\n`;
const v2Stat = (periods: number, throttled: number, throttledUs: number, usageUs = 0) =>
  `usage_usec ${usageUs}\nuser_usec 0\nsystem_usec 0\nnr_periods ${periods}\nnr_throttled ${throttled}\n` +
  `throttled_usec ${throttledUs}\nnr_bursts 2\nburst_usec 3000\n`;

describe("parseCpuStat", () => {
  it("reads v1's counters, throttled_time in nanoseconds", () => {
    const s = parseCpuStat(v1Stat(100, 25, 1_500_000_000));
    expect(s.periods).toBe(100);
    expect(s.throttledPeriods).toBe(25);
    expect(relErr(s.throttledSec, 1.5)).toBeLessThan(1e-12);
    expect(s.usageSec).toBeUndefined();
  });

  it("reads v2's counters, times in microseconds, with the group's usage", () => {
    const s = parseCpuStat(v2Stat(100, 25, 1_500_000, 2_000_000));
    expect([s.periods, s.throttledPeriods, s.bursts]).toEqual([100, 25, 2]);
    expect(relErr(s.throttledSec, 1.5)).toBeLessThan(1e-12);
    expect(relErr(s.burstSec, 0.003)).toBeLessThan(1e-12);
    expect(relErr(Number(s.usageSec), 2)).toBeLessThan(1e-12);
  });

  it("gives the same throttling from either version's file", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e9 }),
        (periods, throttled, us) => {
          const a = parseCpuStat(v1Stat(periods, throttled, us * 1000));
          const b = parseCpuStat(v2Stat(periods, throttled, us));
          expect(a.periods).toBe(b.periods);
          expect(a.throttledPeriods).toBe(b.throttledPeriods);
          expect(Math.abs(a.throttledSec - b.throttledSec)).toBeLessThanOrEqual(1e-9 * (1 + us));
        },
      ),
    );
  });

  it("names what is missing", () => {
    expect(() => parseCpuStat("nr_periods 3\n")).toThrow(/nr_throttled/);
    expect(() => parseCpuStat("")).toThrow(/cpu.stat/);
  });
});

describe("throttleDelta", () => {
  it("is throttled periods over periods with demand, and over the wall's periods", () => {
    const before = parseCpuStat(v1Stat(1000, 100, 2e9));
    const after = parseCpuStat(v1Stat(1040, 110, 2.5e9));
    // 10 of 40 periods; 5 s of 100 ms periods is 50 periods.
    const d = throttleDelta(before, after, 5, 0.1);
    expect(d.throttledPeriodFraction).toBe(10 / 40);
    expect(relErr(d.throttledPerWallPeriod, 10 / 50)).toBeLessThan(1e-12);
    expect(relErr(d.throttledSec, 0.5)).toBeLessThan(1e-12);
  });

  it("is 0 when no period had demand", () => {
    const s = parseCpuStat(v2Stat(7, 3, 10));
    expect(throttleDelta(s, s, 1, 0.1).throttledPeriodFraction).toBe(0);
  });

  it("lies in [0, 1] for any counters that grow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (periods, extra, throttledShare, wallSec) => {
          const throttled = Math.min(periods, throttledShare);
          const before = parseCpuStat(v1Stat(5, 2, 0));
          const after = parseCpuStat(v1Stat(5 + periods + extra, 2 + throttled, 1000));
          const d = throttleDelta(before, after, wallSec, 0.1);
          for (const f of [d.throttledPeriodFraction, d.throttledPerWallPeriod]) {
            expect(f).toBeGreaterThanOrEqual(0);
            expect(f).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it("refuses counters that went backwards", () => {
    const a = parseCpuStat(v1Stat(10, 5, 0));
    const b = parseCpuStat(v1Stat(9, 5, 0));
    expect(() => throttleDelta(a, b, 1, 0.1)).toThrow(/backwards/);
  });
});

describe("the limit's files", () => {
  it("v1: clears the burst, sets period and quota in µs, then the burst", () => {
    expect(
      cpuLimitWrites("v1", { cpuLimitCores: 0.5, cpuPeriodSec: 0.1, cpuBurstSec: 0.05 }),
    ).toEqual([
      ["cpu.cfs_burst_us", "0"],
      ["cpu.cfs_period_us", "100000"],
      ["cpu.cfs_quota_us", "50000"],
      ["cpu.cfs_burst_us", "50000"],
    ]);
    expect(cpuLimitWrites("v1", { cpuPeriodSec: 0.1, cpuBurstSec: 0 })[2]).toEqual([
      "cpu.cfs_quota_us",
      "-1",
    ]);
  });

  it("v2: cpu.max is quota and period, or max", () => {
    expect(
      cpuLimitWrites("v2", { cpuLimitCores: 1.5, cpuPeriodSec: 0.02, cpuBurstSec: 0 }),
    ).toEqual([
      ["cpu.max.burst", "0"],
      ["cpu.max", "30000 20000"],
      ["cpu.max.burst", "0"],
    ]);
    expect(cpuLimitWrites("v2", { cpuPeriodSec: 0.1, cpuBurstSec: 0 })[1]).toEqual([
      "cpu.max",
      "max 100000",
    ]);
  });

  it("refuses what the kernel refuses", () => {
    expect(() =>
      cpuLimitWrites("v1", { cpuLimitCores: 0.5, cpuPeriodSec: 0.1, cpuBurstSec: 0.06 }),
    ).toThrow(/cpuBurstSec/);
    expect(() =>
      cpuLimitWrites("v2", { cpuLimitCores: 0.005, cpuPeriodSec: 0.1, cpuBurstSec: 0 }),
    ).toThrow(/1 ms/);
    expect(() =>
      cpuLimitWrites("v1", { cpuLimitCores: 1, cpuPeriodSec: 2, cpuBurstSec: 0 }),
    ).toThrow(/cpuPeriodSec/);
  });

  it("memory limits and the OOM kill counter", () => {
    expect(memoryLimitWrite("v1", 96 * 2 ** 20)).toEqual(["memory.limit_in_bytes", "100663296"]);
    expect(memoryLimitWrite("v2", undefined)).toEqual(["memory.max", "max"]);
    expect(() => memoryLimitWrite("v1", 1.5)).toThrow(/memory limit/);
    expect(parseOomKills("oom_kill_disable 0\nunder_oom 0\noom_kill 84\n")).toBe(84);
    expect(parseOomKills("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n")).toBe(2);
    expect(() => parseOomKills("under_oom 0\n")).toThrow(/oom_kill/);
  });

  it("the group's CPU time: cpuacct.usage in ns (v1), usage_usec (v2)", () => {
    expect(relErr(parseUsageSec("v1", "2500000000\n"), 2.5)).toBeLessThan(1e-12);
    expect(relErr(parseUsageSec("v2", v2Stat(1, 0, 0, 2_500_000)), 2.5)).toBeLessThan(1e-12);
    expect(() => parseUsageSec("v2", v1Stat(1, 0, 0))).toThrow(/usage/);
  });
});

describe("chooseLoads", () => {
  const cell = {
    cpuSecPerRequest: 0.004,
    cpuLimitCores: 0.5,
    cores: 2,
    requests: 300,
    minSec: 4,
    maxSec: 8,
  };

  it("puts each load at its fraction of limit ÷ CPU per request", () => {
    // 0.5 cores ÷ 4 ms = 125 req/s.
    const loads = chooseLoads({ ...cell, fractions: [0.3, 0.6, 0.9] });
    expect(loads.map((l) => l.ratePerSec)).toEqual([0.3 * 125, 0.6 * 125, 0.9 * 125]);
    // 300 requests: 8 s (capped), 4 s, 4 s (at least).
    expect(loads.map((l) => l.durationSec)).toEqual([8, 4, 4]);
  });

  it("caps the limit at the machine's cores", () => {
    const [load] = chooseLoads({ ...cell, cpuLimitCores: 3, fractions: [0.5] });
    expect(load?.ratePerSec).toBe(0.5 * quotaCapacityPerSec(2, 0.004));
  });

  it("keeps every rate below the capacity and in the fractions' order", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 64, noNaN: true }),
        fc.uniqueArray(fc.double({ min: 0.01, max: 0.99, noNaN: true }), {
          minLength: 1,
          maxLength: 5,
        }),
        (cpu, limit, fractions) => {
          const sorted = [...fractions].sort((a, b) => a - b);
          const loads = chooseLoads({
            ...cell,
            cpuSecPerRequest: cpu,
            cpuLimitCores: limit,
            fractions: sorted,
          });
          const capacity = Math.min(limit, cell.cores) / cpu;
          loads.forEach((l, i) => {
            expect(l.ratePerSec).toBeLessThan(capacity);
            if (i > 0)
              expect(l.ratePerSec).toBeGreaterThanOrEqual(Number(loads[i - 1]?.ratePerSec));
            expect(l.durationSec).toBeGreaterThanOrEqual(cell.minSec);
            expect(l.durationSec).toBeLessThanOrEqual(cell.maxSec);
          });
        },
      ),
    );
  });

  it("refuses fractions outside (0, 1) and non-positive CPU", () => {
    expect(() => chooseLoads({ ...cell, fractions: [1] })).toThrow(/fractions/);
    expect(() => chooseLoads({ ...cell, cpuSecPerRequest: 0, fractions: [0.5] })).toThrow(
      /CPU per request/,
    );
  });
});

describe("kneeRatePerSec", () => {
  it("interpolates where p99 reaches twice its light-load value", () => {
    // Base 10 ms: 20 ms is reached halfway between 15 ms at 100 req/s and 25 ms at 200 req/s.
    const points = [
      { ratePerSec: 200, p99Sec: 0.025 },
      { ratePerSec: 100, p99Sec: 0.015 },
    ];
    expect(relErr(Number(kneeRatePerSec(points, 0.01)), 150)).toBeLessThan(1e-12);
  });

  it("is undefined when p99 never doubles, the rate itself when the model is overloaded", () => {
    expect(kneeRatePerSec([{ ratePerSec: 50, p99Sec: 0.019 }], 0.01)).toBeUndefined();
    expect(kneeRatePerSec([{ ratePerSec: 50, p99Sec: Infinity }], 0.01)).toBe(50);
  });

  it("lies between the rates it was given, and not past where p99 first doubles", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 1, max: 1e4, noNaN: true }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (rates, p99s) => {
          const points = rates.map((ratePerSec, i) => ({ ratePerSec, p99Sec: Number(p99s[i]) }));
          const knee = kneeRatePerSec(points, 0.05);
          const first = [...points]
            .sort((a, b) => a.ratePerSec - b.ratePerSec)
            .find((p) => p.p99Sec >= 0.1);
          if (first === undefined) expect(knee).toBeUndefined();
          else {
            expect(knee).toBeGreaterThanOrEqual(0);
            expect(knee).toBeLessThanOrEqual(first.ratePerSec);
          }
        },
      ),
    );
  });
});
